package dev.cairn.validator.chain;

import dev.cairn.store.BlockView;
import dev.cairn.store.Fetch;
import dev.cairn.store.block.Block;
import dev.cairn.store.hash.BlockHash;
import java.util.HashSet;
import java.util.Set;

/**
 * The blocks an operation of a new block may name as its branch: its predecessor and the
 * predecessor's {@code max_operations_ttl} ancestors, following predecessor links (so a side
 * branch has its own), down to genesis at most.
 */
public final class LiveBlocks {

  private LiveBlocks() {}

  /** The live blocks for a child of {@code predecessor}, read from {@code store}. */
  public static Set<BlockHash> below(BlockView store, Block predecessor, int maxOperationsTtl) {
    Set<BlockHash> live = new HashSet<>();
    live.add(predecessor.hash());
    Block block = predecessor;
    for (int i = 0; i < maxOperationsTtl && block.level() > 0; i++) {
      BlockHash parent = block.predecessor();
      live.add(parent);
      block = store.block(parent, Fetch.BLOCK).orElse(null);
      if (block == null) {
        break; // below the caboose: the child names it, nothing is known beyond
      }
    }
    return live;
  }
}
