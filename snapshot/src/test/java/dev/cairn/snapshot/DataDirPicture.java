package dev.cairn.snapshot;

import dev.cairn.context.Context;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.store.BlockReader;
import dev.cairn.store.BlockView;
import dev.cairn.store.Fetch;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an import leaves in a data directory, as far as two imports of the same block can be
 * compared: the markers, history mode and protocol table; each cemented file's name and digest;
 * every stored block (canonical from the caboose up, with or without metadata, and the floating
 * store's keys); and the context: the objects its two commits (head and B−1) reach, and how many
 * objects it holds that neither reaches (a collection's count of deletions: none are expected).
 */
record DataDirPicture(Markers markers, String historyMode, ProtocolLevels protocols,
    TreeMap<String, Bytes> cemented, TreeMap<Integer, Bytes> blocks,
    Set<BlockCodec.BlockKey> floating, long reachableObjects, long unreachableObjects) {

  static DataDirPicture of(DataDir dataDir) {
    TreeMap<String, Bytes> cemented = new TreeMap<>();
    TreeMap<Integer, Bytes> blocks = new TreeMap<>();
    Markers markers;
    String mode;
    ProtocolLevels protocols;
    Set<BlockCodec.BlockKey> floating;
    try (BlockReader store = BlockReader.open(dataDir)) {
      markers = store.markers();
      mode = store.config().historyMode().toString();
      protocols = store.protocolLevels();
      for (BlockView.CementedFile file : store.cementedFiles()) {
        cemented.put(file.start() + "_" + file.end(),
            Bytes.copyOf(Blake2b.digest256(Files.readAllBytes(file.path()))));
      }
      for (int level = markers.caboose().level(); level <= markers.head().level(); level++) {
        Block block = store.canonicalBlock(level, Fetch.BLOCK_AND_METADATA).orElseThrow();
        blocks.put(level, Bytes.copyOf(Blake2b.digest256(
            BlockCodec.encode(block, block.metadata().isPresent()))));
      }
      floating = Set.copyOf(store.floatingBlocks());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Context context = LmdbContext.open(dataDir.contextDir())) {
      Context.GcSummary gc = context.collectGarbage(List.of(
          blockContext(dataDir, markers.head().level()),
          blockContext(dataDir, markers.head().level() - 1)));
      return new DataDirPicture(markers, mode, protocols, cemented, blocks, floating,
          gc.reachable(), gc.deleted());
    }
  }

  private static dev.cairn.store.hash.ContextHash blockContext(DataDir dataDir, int level) {
    try (BlockReader store = BlockReader.open(dataDir)) {
      return store.canonicalBlock(level, Fetch.BLOCK).orElseThrow().header().context();
    }
  }
}
