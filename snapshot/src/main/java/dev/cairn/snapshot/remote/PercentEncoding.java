package dev.cairn.snapshot.remote;

import java.nio.charset.StandardCharsets;

/** A path segment percent-encoded as RFC 3986 asks: unreserved characters kept, all else encoded. */
final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  static String segment(String plain) {
    StringBuilder out = new StringBuilder(plain.length());
    for (byte b : plain.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
