package dev.cairn.store.chain;

/**
 * The store's markers [Octez]: the head; the checkpoint, a block that stays in the chain (here
 * head.level − 2); the savepoint, the lowest block with metadata; the caboose, the lowest block
 * stored (genesis aside, which is always kept). {@code caboose ≤ savepoint ≤ checkpoint ≤ head}.
 */
public record Markers(BlockRef head, BlockRef checkpoint, BlockRef savepoint, BlockRef caboose) {

  public Markers {
    if (!(caboose.level() <= savepoint.level() && savepoint.level() <= checkpoint.level()
        && checkpoint.level() <= head.level())) {
      throw new IllegalArgumentException("markers out of order: " + caboose.level() + " "
          + savepoint.level() + " " + checkpoint.level() + " " + head.level());
    }
  }

  /** All four markers on one block, as in a new store. */
  public static Markers allAt(BlockRef block) {
    return new Markers(block, block, block, block);
  }
}
