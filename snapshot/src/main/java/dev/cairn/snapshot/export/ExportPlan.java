package dev.cairn.snapshot.export;

import dev.cairn.snapshot.SnapshotError.ExportRefusal;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.BlockView;
import dev.cairn.store.Fetch;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.hash.BlockHash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What an export of block B will write, decided from one consistent (pinned) view of the store,
 * or the refusal of DESIGN §8 that applies, checked in this order: a Full export from a Rolling
 * store ({@code Incompatible_history_mode}); then {@code Invalid_export_block} with {@code
 * unknown}, {@code genesis}, {@code caboose}, {@code pruned} (below the savepoint), {@code
 * pruned_pred} (B is the savepoint: B−1 has no metadata or context), {@code not_enough_pred}
 * (the window below B reaches under the caboose).
 *
 * <p>Full: every cemented file that ends before the cycle holding B−1, then B−1's cycle (and any
 * blocks the store has not cemented yet) as floating blocks. Rolling: the blocks from {@code
 * max(genesis, B.level − 1 − max_operations_ttl(B−1))} to B−1, all floating. Genesis itself
 * travels in {@code block_data}, never as a floating block.
 *
 * @param predecessor B−1, with its metadata
 * @param lowestLevel the lowest level the snapshot holds, 0 when it reaches genesis
 * @param floating the floating blocks' hashes, from the lowest up to B−1
 * @param live B−1 and the blocks below it that B's operations may name, from B−1 down
 * @param protocolLevels the table's rows from the one in force at the lowest level up to B
 */
public record ExportPlan(Block block, Block predecessor, boolean rolling, int lowestLevel,
    List<BlockView.CementedFile> cemented, List<BlockHash> floating, List<BlockHash> live,
    ProtocolLevels protocolLevels) {

  public static ExportPlan make(BlockView store, BlockId id, boolean rolling) {
    HistoryMode mode = store.config().historyMode();
    if (!rolling && mode.kind() == HistoryMode.Kind.ROLLING) {
      throw new SnapshotError.IncompatibleHistoryMode(mode.toString(), "full").toException();
    }
    Markers markers = store.markers();
    Optional<Integer> level = levelOf(markers, id);
    if (level.isPresent() && level.get() > 0 && level.get() < markers.caboose().level()) {
      throw refuse(BlockId.describe(id), ExportRefusal.PRUNED, "is below the caboose at level "
          + markers.caboose().level() + ": this store no longer holds it");
    }
    Block block = resolve(store, id).orElseThrow(() -> refuse(BlockId.describe(id),
        ExportRefusal.UNKNOWN, "is not a block this store holds"));
    String name = block.hash() + " at level " + block.level();
    if (block.level() == 0) {
      throw refuse(name, ExportRefusal.GENESIS, "is genesis: there is nothing to import");
    }
    if (block.level() == markers.caboose().level()) {
      throw refuse(name, ExportRefusal.CABOOSE, "is the caboose: its predecessor is not stored");
    }
    if (block.level() < markers.savepoint().level()) {
      throw refuse(name, ExportRefusal.PRUNED, "is below the savepoint at level "
          + markers.savepoint().level() + ": its context and metadata are pruned");
    }
    Optional<Block> predecessor = block.level() - 1 <= store.cementedHighestLevel()
        ? store.canonicalBlock(block.level() - 1, Fetch.BLOCK_AND_METADATA)
            .filter(b -> b.hash().equals(block.predecessor()))
        : store.block(block.predecessor(), Fetch.BLOCK_AND_METADATA);
    boolean predecessorKept = predecessor.isPresent() && (predecessor.get().level() == 0
        || predecessor.get().metadata().isPresent());
    if (block.level() == markers.savepoint().level() || !predecessorKept) {
      throw refuse(name, ExportRefusal.PRUNED_PRED, "is the savepoint: its predecessor's context "
          + "and metadata are pruned");
    }
    Block pred = predecessor.get();
    int ttl = maxOperationsTtl(pred);
    int lowest = rolling ? Math.max(0, block.level() - 1 - ttl) : 0;
    if (lowest < markers.caboose().level()) {
      throw refuse(name, ExportRefusal.NOT_ENOUGH_PRED, "needs the blocks from level " + lowest
          + " (max_operations_ttl " + ttl + "), but the store begins at the caboose, level "
          + markers.caboose().level());
    }
    List<BlockView.CementedFile> cemented = new ArrayList<>();
    int floatingFrom = Math.max(1, lowest);
    if (!rolling && pred.level() >= 1) {
      int cycleStart = store.config().firstLevelOf(store.config().cycleOf(pred.level()));
      for (BlockView.CementedFile file : store.cementedFiles()) {
        if (file.end() < cycleStart) {
          cemented.add(file);
          floatingFrom = file.end() + 1;
        }
      }
    }
    List<BlockHash> floating = chainDown(store, pred, floatingFrom, name);
    return new ExportPlan(block.withoutMetadata(), pred, rolling, lowest, List.copyOf(cemented),
        floating, live(store, pred, ttl, name), tableFor(store.protocolLevels(), lowest,
            block.level()));
  }

  /** The level an identifier names without a lookup, if it names one by level. */
  private static Optional<Integer> levelOf(Markers markers, BlockId id) {
    if (id instanceof BlockId.Level l) {
      return Optional.of(l.level());
    } else if (id instanceof BlockId.Head h) {
      return Optional.of(markers.head().level() - h.below());
    } else if (id instanceof BlockId.Caboose c) {
      return Optional.of(markers.caboose().level() + c.above());
    }
    return Optional.empty();
  }

  private static Optional<Block> resolve(BlockView store, BlockId id) {
    Markers markers = store.markers();
    Optional<Integer> level = levelOf(markers, id);
    if (id instanceof BlockId.Hash h) {
      return store.block(h.hash(), Fetch.BLOCK);
    } else if (level.isPresent()) {
      return level.get() < 0 ? Optional.empty() : store.canonicalBlock(level.get(), Fetch.BLOCK);
    } else if (id instanceof BlockId.Checkpoint) {
      return blockAt(store, markers.checkpoint().hash(), markers.checkpoint().level());
    } else if (id instanceof BlockId.Savepoint) {
      return blockAt(store, markers.savepoint().hash(), markers.savepoint().level());
    }
    return Optional.of(store.genesis());
  }

  private static int maxOperationsTtl(Block predecessor) {
    return predecessor.level() == 0 ? 0
        : predecessor.metadata().map(BlockMetadata::maxOperationsTtl).orElseThrow();
  }

  /** The hashes from {@code from} up to {@code top}, following predecessor links down. */
  private static List<BlockHash> chainDown(BlockView store, Block top, int from, String name) {
    List<BlockHash> hashes = new ArrayList<>();
    Block block = top;
    while (block.level() >= from && block.level() > 0) {
      hashes.add(block.hash());
      if (block.level() == from) {
        break;
      }
      block = below(store, block, name);
    }
    Collections.reverse(hashes);
    return List.copyOf(hashes);
  }

  private static List<BlockHash> live(BlockView store, Block predecessor, int ttl, String name) {
    List<BlockHash> live = new ArrayList<>();
    live.add(predecessor.hash());
    Block block = predecessor;
    for (int i = 0; i < ttl && block.level() > 0; i++) {
      live.add(block.predecessor());
      if (i + 1 == ttl || block.level() == 1) {
        break; // what was just added is the last live block, or genesis
      }
      block = below(store, block, name);
    }
    return List.copyOf(live);
  }

  private static Block below(BlockView store, Block block, String name) {
    BlockHash hash = block.predecessor();
    return blockAt(store, hash, block.level() - 1).orElseThrow(() -> refuse(name,
        ExportRefusal.NOT_ENOUGH_PRED, "needs " + hash + ", which the store no longer holds"));
  }

  /**
   * The block {@code hash} at {@code level}, without metadata. A cemented one is read by level
   * from this view's files (pinned, in a rolling store), not through the writer's live index,
   * whose entries the writer's GC may remove while the export runs.
   */
  static Optional<Block> blockAt(BlockView store, BlockHash hash, int level) {
    if (level <= store.cementedHighestLevel()) {
      return store.canonicalBlock(level, Fetch.BLOCK).filter(b -> b.hash().equals(hash));
    }
    return store.block(hash, Fetch.BLOCK);
  }

  /** The rows in force from {@code lowest} up to {@code level}. */
  static ProtocolLevels tableFor(ProtocolLevels table, int lowest, int level) {
    List<ProtocolLevel> rows = table.rows().stream()
        .filter(row -> row.activationLevel() <= level).toList();
    List<ProtocolLevel> kept = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      boolean superseded = i + 1 < rows.size() && rows.get(i + 1).activationLevel() <= lowest;
      if (!superseded) {
        kept.add(rows.get(i));
      }
    }
    return new ProtocolLevels(kept);
  }

  private static RuntimeException refuse(String block, ExportRefusal reason, String why) {
    return new SnapshotError.InvalidExportBlock(block, reason, why).toException();
  }
}
