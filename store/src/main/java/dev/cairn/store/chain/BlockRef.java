package dev.cairn.store.chain;

import dev.cairn.store.block.Block;
import dev.cairn.store.hash.BlockHash;

/** A block named by hash and level: the value of a marker. */
public record BlockRef(BlockHash hash, int level) {

  public static BlockRef of(Block block) {
    return new BlockRef(block.hash(), block.level());
  }

  @Override
  public String toString() {
    return hash + " (level " + level + ")";
  }
}
