package dev.cairn.node;

import java.util.Locale;

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

  /** {@code 1 floating block}, {@code 2 floating blocks}, with thousands separated. */
  static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
