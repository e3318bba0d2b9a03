package dev.cairn.validator.chain;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.progress.Progress;
import dev.cairn.store.BlockView;
import dev.cairn.store.BlockWriter;
import dev.cairn.store.Fetch;
import dev.cairn.store.StoreError;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.FileTree;
import dev.cairn.validator.BlockValidator.Applied;
import dev.cairn.validator.BlockValidator;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cairn store check}: verifies a data directory completely, and stops at the first fault
 * with its typed error.
 *
 * <ol>
 *   <li>The block store ({@code BlockView.check}): every block's hash, links, levels and
 *       operations hash; cemented files, offsets and the index; floating blocks; markers as the
 *       history mode says; no leftovers ({@code Corrupted_store}).
 *   <li>The protocol table: known protocols, activation blocks on the chain.
 *   <li>The context of every block from the savepoint up, canonical or not, is present; the
 *       head's is walked and every object rehashed ({@code Inconsistent_context}).
 *   <li>With replay: every block above the savepoint (side branches too) is applied again on its
 *       predecessor's context, hashing only, writing nothing; it must give its header's context
 *       hash and its stored metadata.
 * </ol>
 *
 * The check opens the store as a node does, holding the data directory's lock (so no node writes
 * while it reads) and finishing what a crash interrupted (removing uncommitted files): a store
 * that a crash left is checked as the node will see it. The context is only read.
 */
public final class ChainCheck {

  /** What was checked. */
  public record Report(int canonicalBlocks, int floatingBlocks, int contexts, long headObjects,
      int replayed) {}

  private ChainCheck() {}

  public static Report run(DataDir dataDir, boolean replay, Progress progress) {
    if (!Files.exists(dataDir.markersFile())) {
      throw new StoreError.InvalidDataDir(dataDir.root(), "it holds no store").toException();
    }
    Path scratch = scratchDirectory();
    // The writer recovers what a crash left, as a node's start would, and keeps a node from
    // starting meanwhile; the checks themselves only read.
    try (BlockWriter writer = BlockWriter.open(dataDir);
        LmdbContext context = LmdbContext.openReadOnly(dataDir.contextDir(), scratch)) {
      return check(writer, context, replay, progress);
    } finally {
      FileTree.deleteQuietly(scratch);
    }
  }

  private static Report check(BlockView store, LmdbContext context, boolean replay,
      Progress progress) {
    List<String> faults = store.check();
    if (!faults.isEmpty()) {
      throw new StoreError.CorruptedStore(faults.get(0)
          + (faults.size() > 1 ? " (and " + (faults.size() - 1) + " more faults)" : ""))
          .toException();
    }
    checkProtocolTable(store);
    Markers markers = store.markers();
    List<Block> kept = keptBlocks(store, markers);
    for (Block block : kept) {
      if (!context.contains(block.header().context())) {
        throw new ChainCheckError.MissingContext(block.hash(), block.level(),
            block.header().context()).toException();
      }
    }
    long headObjects = context.verify(
        store.block(markers.head().hash(), Fetch.BLOCK).orElseThrow().header().context());
    int replayed = 0;
    if (replay) {
      replayed = replay(store, context, markers, kept, progress);
    }
    int canonical = markers.head().level() - markers.caboose().level() + 1;
    return new Report(canonical, store.floatingBlocks().size(), kept.size(), headObjects,
        replayed);
  }

  /** The blocks whose context the store keeps: canonical and floating, from the savepoint up. */
  private static List<Block> keptBlocks(BlockView store, Markers markers) {
    List<Block> kept = new ArrayList<>();
    int savepoint = markers.savepoint().level();
    for (int level = savepoint; level <= markers.head().level(); level++) {
      kept.add(store.canonicalBlock(level, Fetch.BLOCK_AND_METADATA).orElseThrow());
    }
    for (BlockCodec.BlockKey key : store.floatingBlocks()) {
      if (key.level() >= savepoint
          && !store.canonicalHash(key.level()).map(key.hash()::equals).orElse(false)) {
        kept.add(store.block(key.hash(), Fetch.BLOCK_AND_METADATA).orElseThrow());
      }
    }
    return kept;
  }

  private static int replay(BlockView store, LmdbContext context, Markers markers,
      List<Block> kept, Progress progress) {
    BlockValidator validator = new BlockValidator(store.config().chainId());
    int savepoint = markers.savepoint().level();
    List<Block> replayable = kept.stream().filter(block -> block.level() > savepoint
        && store.block(block.predecessor(), Fetch.BLOCK).map(p -> p.level() >= savepoint)
            .orElse(false)).toList();
    int done = 0;
    progress.phase("replay", replayable.size());
    for (Block block : replayable) {
      progress.checkCancelled();
      Applied applied = validator.apply(context, Predecessors.of(store, block.predecessor()),
          store.protocolLevels(), block, BlockValidator.Commit.HASH_ONLY);
      if (!block.metadata().equals(Optional.of(applied.metadata()))) {
        throw new ChainCheckError.InconsistentMetadata(block.hash(), block.level())
            .toException();
      }
      progress.advance(++done);
    }
    return done;
  }

  private static void checkProtocolTable(BlockView store) {
    int caboose = store.markers().caboose().level();
    for (ProtocolLevel row : store.protocolLevels().rows()) {
      if (!TestnetProtocols.knows(row.protocol())) {
        throw new ChainCheckError.InvalidProtocolTable("proto level " + row.protoLevel()
            + " names " + row.protocol() + ", which this node does not implement").toException();
      }
      if (row.activationLevel() > store.markers().head().level()) {
        throw new ChainCheckError.InvalidProtocolTable("proto level " + row.protoLevel()
            + " activates at level " + row.activationLevel() + ", above the head").toException();
      }
      if ((row.activationLevel() >= caboose || row.activationLevel() == 0)
          && !store.canonicalHash(row.activationLevel()).map(row.activationBlock()::equals)
              .orElse(false)) {
        throw new ChainCheckError.InvalidProtocolTable("proto level " + row.protoLevel()
            + " names activation block " + row.activationBlock() + ", not the chain's block at "
            + "level " + row.activationLevel()).toException();
      }
    }
  }

  private static Path scratchDirectory() {
    try {
      return Files.createTempDirectory("cairn-check");
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(Path.of(System.getProperty("java.io.tmpdir")),
          "create a scratch directory in", e);
    }
  }
}
