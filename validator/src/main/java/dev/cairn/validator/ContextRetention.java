package dev.cairn.validator;

import dev.cairn.context.Context;
import dev.cairn.store.BlockView;
import dev.cairn.store.Fetch;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.hash.ContextHash;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which context commits a store keeps: the savepoint is the lowest block that still has its
 * metadata and its context (DESIGN §4), so the kept commits are those made by the blocks from the
 * savepoint up: the canonical chain from the savepoint to the head, and every floating block at or
 * above the savepoint (a side branch that the node could still move to). A block's {@code context}
 * field is the hash of the commit made by applying it.
 *
 * <p>The history mode moves the savepoint; this class only reads it. Collecting after each
 * cementing, with the markers as they are then, keeps a context exactly as long as its block keeps
 * its metadata.
 */
public final class ContextRetention {

  private ContextRetention() {}

  /** The commits of the blocks from the store's savepoint up. */
  public static Set<ContextHash> keptCommits(BlockView store) {
    Markers markers = store.markers();
    int savepoint = markers.savepoint().level();
    Set<ContextHash> kept = new LinkedHashSet<>();
    for (int level = savepoint; level <= markers.head().level(); level++) {
      store.canonicalBlock(level, Fetch.BLOCK)
          .ifPresent(block -> kept.add(block.header().context()));
    }
    for (BlockCodec.BlockKey key : store.floatingBlocks()) {
      if (key.level() >= savepoint) {
        store.block(key.hash(), Fetch.BLOCK).map(Block::header)
            .ifPresent(header -> kept.add(header.context()));
      }
    }
    return kept;
  }

  /** Collects from {@code context} every object that the store's kept commits do not reach. */
  public static Context.GcSummary collect(BlockView store, Context context) {
    return context.collectGarbage(keptCommits(store));
  }
}
