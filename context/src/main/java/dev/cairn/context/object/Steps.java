package dev.cairn.context.object;

import dev.cairn.error.CauseText;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Step names: the components of a context path.
 *
 * <p>A step is non-empty text of at most {@link #MAX_BYTES} bytes in UTF-8, without lone
 * surrogates, so it has exactly one UTF-8 encoding. Steps are ordered by code point, which is the
 * order of their UTF-8 bytes, the order a leaf's encoding keeps.
 */
public final class Steps {

  public static final int MAX_BYTES = 255;

  /** Code-point order, equal to the unsigned order of the UTF-8 encodings. */
  public static final Comparator<String> ORDER = Steps::compare;

  private Steps() {}

  /** The step's UTF-8 bytes; an {@link IllegalArgumentException} if it is not a valid step. */
  public static byte[] encode(String step) {
    if (step.isEmpty()) {
      throw new IllegalArgumentException("a step cannot be empty");
    }
    byte[] utf8;
    if (isAscii(step)) {
      utf8 = step.getBytes(StandardCharsets.ISO_8859_1);
    } else {
      try {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .encode(CharBuffer.wrap(step));
        utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("a step must be valid Unicode text: " + CauseText.of(e));
      }
    }
    if (utf8.length > MAX_BYTES) {
      throw new IllegalArgumentException("a step is at most " + MAX_BYTES + " bytes, not "
          + utf8.length);
    }
    return utf8;
  }

  public static void requireValid(String step) {
    encode(step);
  }

  /** Decodes a step read from untrusted bytes; an {@link ObjectFormatException} if invalid. */
  static String decode(byte[] bytes, int offset, int length) {
    if (length == 0) {
      throw new ObjectFormatException("empty step");
    }
    boolean ascii = true;
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
    } catch (CharacterCodingException e) {
      throw new ObjectFormatException("a step is not valid UTF-8");
    }
  }

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
