package dev.cairn.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random operations on a tree: sets and removes over a small vocabulary of paths, so that
 * values turn into directories and back, directories empty out, and one directory ({@code big})
 * grows past an inode's 32 entries and shrinks again.
 */
final class RandomScript {

  sealed interface Op permits Set, Remove, Commit {}

  record Set(List<String> path, byte[] value) implements Op {}

  record Remove(List<String> path) implements Op {}

  record Commit() implements Op {}

  private static final String[] TOP = {"a", "b", "contracts", "big", "é", "z"};
  private static final String[] MID = {"x", "y", "balance", "counter", "0", "ü"};

  private RandomScript() {}

  static List<Op> generate(long seed, int length) {
    Random random = new Random(seed);
    List<Op> ops = new ArrayList<>();
    int bigSize = 10 + random.nextInt(300);
    for (int i = 0; i < length; i++) {
      int roll = random.nextInt(100);
      if (roll < 8) {
        ops.add(new Commit());
      } else if (roll < 30) {
        ops.add(new Remove(path(random, bigSize)));
      } else {
        byte[] value = new byte[random.nextInt(random.nextInt(10) == 0 ? 300 : 12)];
        random.nextBytes(value);
        ops.add(new Set(path(random, bigSize), value));
      }
    }
    ops.add(new Commit());
    return ops;
  }

  static List<String> path(Random random, int bigSize) {
    String top = TOP[random.nextInt(TOP.length)];
    if (top.equals("big")) {
      List<String> path = new ArrayList<>(List.of(top, "k" + random.nextInt(bigSize)));
      if (random.nextInt(4) == 0) {
        path.add(MID[random.nextInt(MID.length)]);
      }
      return path;
    }
    int depth = random.nextInt(4);
    List<String> path = new ArrayList<>(List.of(top));
    for (int i = 0; i < depth; i++) {
      path.add(MID[random.nextInt(MID.length)]);
    }
    return path;
  }
}
