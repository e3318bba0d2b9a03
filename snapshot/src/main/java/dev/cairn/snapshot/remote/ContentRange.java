package dev.cairn.snapshot.remote;

import java.util.Optional;

/**
 * A {@code Content-Range} header of a partial answer, {@code bytes FIRST-LAST/TOTAL} (RFC 9110
 * §14.4), parsed strictly: decimal digits only (at most 18, so no overflow), {@code FIRST <= LAST
 * < TOTAL}; an unknown total ({@code *}) or any other form is refused. A server's header is
 * hostile input: what it says decides which bytes are taken as which.
 */
record ContentRange(long first, long last, long total) {

  private static final int MAX_DIGITS = 18;

  /** The number of bytes the range covers. */
  long length() {
    return last - first + 1;
  }

  /** {@code header} as a range, or empty if it is not one this reader takes. */
  static Optional<ContentRange> parse(String header) {
    if (header == null || !header.startsWith("bytes ")) {
      return Optional.empty();
    }
    String spec = header.substring("bytes ".length());
    int dash = spec.indexOf('-');
    int slash = spec.indexOf('/');
    if (dash <= 0 || slash <= dash + 1 || slash == spec.length() - 1) {
      return Optional.empty();
    }
    long first = number(spec.substring(0, dash));
    long last = number(spec.substring(dash + 1, slash));
    long total = number(spec.substring(slash + 1));
    if (first < 0 || last < 0 || total < 0 || first > last || last >= total) {
      return Optional.empty();
    }
    return Optional.of(new ContentRange(first, last, total));
  }

  /** {@code digits} as a number, or -1 if they are not 1 to 18 decimal digits. */
  private static long number(String digits) {
    if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
