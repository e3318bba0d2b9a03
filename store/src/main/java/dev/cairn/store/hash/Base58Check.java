package dev.cairn.store.hash;

import com.google.common.hash.Hashing;
import java.util.Arrays;

/**
 * Base58 with the bitcoin alphabet, and the check that Tezos appends: the first four bytes of
 * SHA-256(SHA-256(prefix ‖ payload)).
 */
final class Base58Check {

  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] DIGIT = new int[128];

  static {
    Arrays.fill(DIGIT, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DIGIT[ALPHABET[i]] = i;
    }
  }

  private Base58Check() {}

  static String encode(byte[] prefixAndPayload) {
    byte[] checksum = checksum(prefixAndPayload, prefixAndPayload.length);
    byte[] all = Arrays.copyOf(prefixAndPayload, prefixAndPayload.length + 4);
    System.arraycopy(checksum, 0, all, prefixAndPayload.length, 4);
    return encodePlain(all);
  }

  /** The decoded bytes, checksum removed; null if a character is outside the alphabet. */
  static byte[] decodePlain(String text) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    // Base 58 to base 256, most significant digit first, in a big-endian scratch buffer.
    byte[] scratch = new byte[text.length()];
    int used = 0;
    for (int i = zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int carry = c < 128 ? DIGIT[c] : -1;
      if (carry < 0) {
        return null;
      }
      for (int j = 0; j < used; j++) {
        int value = (scratch[scratch.length - 1 - j] & 0xff) * 58 + carry;
        scratch[scratch.length - 1 - j] = (byte) value;
        carry = value >>> 8;
      }
      while (carry > 0) {
        scratch[scratch.length - 1 - used++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + used];
    System.arraycopy(scratch, scratch.length - used, out, zeros, used);
    return out;
  }

  static boolean checksumMatches(byte[] decoded) {
    if (decoded.length < 4) {
      return false;
    }
    byte[] expected = checksum(decoded, decoded.length - 4);
    return Arrays.equals(expected, 0, 4, decoded, decoded.length - 4, decoded.length);
  }

  private static byte[] checksum(byte[] data, int length) {
    byte[] once = Hashing.sha256().hashBytes(data, 0, length).asBytes();
    return Hashing.sha256().hashBytes(once).asBytes();
  }

  private static String encodePlain(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    // Base 256 to base 58, least significant digit first.
    byte[] digits = new byte[data.length * 138 / 100 + 1];
    int used = 0;
    for (int i = zeros; i < data.length; i++) {
      int carry = data[i] & 0xff;
      for (int j = 0; j < used; j++) {
        carry += (digits[j] & 0xff) << 8;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[used++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    StringBuilder text = new StringBuilder(zeros + used);
    for (int i = 0; i < zeros; i++) {
      text.append('1');
    }
    for (int i = used - 1; i >= 0; i--) {
      text.append(ALPHABET[digits[i]]);
    }
    return text.toString();
  }
}
