package dev.cairn.validator.chain;

import dev.cairn.store.BlockView;
import dev.cairn.store.Fetch;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.validator.BlockValidator.Predecessor;
import dev.cairn.validator.ValidationError;

/** Looks up, in a store, what a new block is applied on. */
public final class Predecessors {

  private Predecessors() {}

  /**
   * The stored block {@code hash} as a predecessor: with its {@code max_operations_ttl} (0 for
   * genesis) and the live blocks below it. {@code Invalid_predecessor} if it is not stored, or if
   * its metadata is pruned (so is its context: nothing can be applied on it).
   */
  public static Predecessor of(BlockView store, BlockHash hash) {
    Block block = store.block(hash, Fetch.BLOCK_AND_METADATA).orElseThrow(() ->
        new ValidationError.InvalidPredecessor(hash.toString(), -1,
            "no such block is stored").toException());
    int ttl = block.level() == 0 ? 0
        : block.metadata().map(BlockMetadata::maxOperationsTtl).orElseThrow(() ->
            new ValidationError.InvalidPredecessor(hash.toString(), block.level(),
                "its metadata and context are pruned: no block can be applied on it")
                .toException());
    return new Predecessor(block, ttl, LiveBlocks.below(store, block, ttl));
  }
}
