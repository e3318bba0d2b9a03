package dev.cairn.node;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Numbers as people read them on a terminal: sizes in binary units, counted nouns. */
final class HumanText {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private HumanText() {}

  /** {@code 214.3 MiB}; below a KiB, {@code 512 bytes}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return count(bytes, "byte");
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** The smallest part a snapshot may be split into. */
  static final long MIN_SPLIT = 4096;

  /**
   * Parses a size as people write it: {@code 99MiB}, {@code 1.5GiB}, {@code 4096}; binary
   * suffixes {@code KiB MiB GiB TiB} (and {@code K M G T} for them), at least {@code minimum};
   * anything else is an {@link IllegalArgumentException} saying what is accepted.
   */
  static long parseBytes(String text, long minimum) {
    Matcher matcher = SIZE.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; give bytes, or a number "
          + "with KiB, MiB, GiB or TiB, such as 99MiB");
    }
    int shift = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
      case "" , "B" -> 0;
      case "K", "KIB" -> 10;
      case "M", "MIB" -> 20;
      case "G", "GIB" -> 30;
      default -> 40;
    };
    BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(1L << shift));
    if (bytes.compareTo(BigDecimal.valueOf(minimum)) < 0
        || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is out of range: at least "
          + bytes(minimum));
    }
    return bytes.setScale(0, RoundingMode.DOWN).longValueExact();
  }

  private static final Pattern SIZE = Pattern.compile(
      "([0-9]{1,15}(?:\\.[0-9]{1,6})?) ?((?i:b|k|m|g|t|kib|mib|gib|tib)?)");

  /** {@code 1 floating block}, {@code 2 floating blocks}, with thousands separated. */
  static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
