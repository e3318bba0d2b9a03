package dev.cairn.store;

import dev.cairn.error.StoreError;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.encoding.BinaryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a {@link BlockStore} comes to be: creating its files, and opening them for writing (under the
 * lock) or for reading (beside a writer). A failed open releases whatever it took.
 */
final class StoreOpening {

  private static final int READER_ATTEMPTS = 5;

  private StoreOpening() {}

  /** Writes a new store's files; the markers last, so a store exists once they do. */
  static void create(DataDir dataDir, StoreConfig config, Block genesis) {
    if (genesis.level() != 0 || !genesis.hash().equals(config.genesisBlock())
        || !genesis.hash().equals(genesis.header().hash())) {
      throw new StoreError.InvalidBlock(genesis.hash().toString(),
          "not the genesis block that the config names").toException();
    }
    try (DataDirLock lock = dataDir.lockForWriting()) {
      if (Files.exists(dataDir.markersFile())) {
        throw new StoreError.InvalidDataDir(dataDir.root(), "it already holds a store")
            .toException();
      }
      deleteTree(dataDir.storeDir()); // what a create cut short left
      Files.createDirectories(dataDir.floatingDir());
      Files.createDirectories(dataDir.cementedMetadataDir());
      dataDir.writeConfig(config);
      AtomicFile.write(dataDir.genesisFile(), BlockCodec.encode(genesis, true));
      AtomicFile.write(dataDir.protocolLevelsFile(), ProtocolLevels.EMPTY.encode());
      AtomicFile.write(dataDir.floatingLog(0), new byte[0]);
      CementedIndex.open(dataDir.indexDir(), true).close();
      for (Path dir : List.of(dataDir.floatingDir(), dataDir.cementedMetadataDir(),
          dataDir.cementedDir(), dataDir.storeDir(), dataDir.root())) {
        AtomicFile.fsyncDirectory(dir);
      }
      new StoreState(Markers.allAt(BlockRef.of(genesis)), 0, 0).write(dataDir.markersFile());
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dataDir.storeDir(), "create", e);
    }
  }

  /** The store under the writer's lock, not yet recovered. */
  static BlockStore openForWriting(DataDir dataDir) {
    if (!java.nio.file.Files.exists(dataDir.configFile())) {
      // Refused before the lock, which would create the directory and its lock file.
      throw new StoreError.InvalidDataDir(dataDir.root(),
          "no config.json: not a Cairn data directory").toException();
    }
    DataDirLock lock = dataDir.lockForWriting();
    try {
      StoreConfig config = dataDir.readConfig();
      StoreState state = readState(dataDir);
      Block genesis = readGenesis(dataDir);
      ProtocolLevels levels = readProtocolLevels(dataDir);
      CementedCycles cemented = CementedCycles.open(dataDir);
      return new BlockStore(dataDir, config, lock, CementedIndex.open(dataDir.indexDir(), true),
          cemented, genesis, null, state, levels);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The store as of now, without a lock; its canonical chain is not yet built. */
  static BlockStore openForReading(DataDir dataDir) {
    StoreConfig config = dataDir.readConfig();
    Block genesis = readGenesis(dataDir);
    for (int attempt = 1; ; attempt++) {
      StoreState state = readState(dataDir);
      Path log = dataDir.floatingLog(state.floatingGeneration());
      FloatingLog floating;
      try {
        floating = FloatingLog.open(log, false);
      } catch (RuntimeException e) {
        if (attempt < READER_ATTEMPTS && !Files.exists(log)) {
          continue; // the writer switched logs between our two reads
        }
        throw e;
      }
      try {
        CementedCycles cemented = CementedCycles.open(dataDir);
        cemented.ranges().values().removeIf(r -> r.end() > state.cementedHighest());
        return new BlockStore(dataDir, config, null, CementedIndex.open(dataDir.indexDir(), false),
            cemented, genesis, floating, state, readProtocolLevels(dataDir));
      } catch (RuntimeException e) {
        floating.close();
        throw e;
      }
    }
  }

  private static StoreState readState(DataDir dataDir) {
    if (!Files.isRegularFile(dataDir.markersFile())) {
      throw new StoreError.InvalidDataDir(dataDir.root(), "it holds no store").toException();
    }
    return StoreState.read(dataDir.markersFile());
  }

  private static Block readGenesis(DataDir dataDir) {
    return BlockCodec.decode(readSmallFile(dataDir.genesisFile(), BlockCodec.MAX_BYTES),
        "genesis block");
  }

  private static ProtocolLevels readProtocolLevels(DataDir dataDir) {
    return ProtocolLevels.decode(BinaryReader.of(
        readSmallFile(dataDir.protocolLevelsFile(), ProtocolLevels.MAX_ENCODED_BYTES),
        "protocol levels"));
  }

  /** A whole file of at most {@code maxBytes}, which a store never exceeds. */
  private static byte[] readSmallFile(Path file, int maxBytes) {
    try {
      if (Files.size(file) > maxBytes) {
        throw new StoreError.CorruptedStore(file + " is larger than any store file can be")
            .toException();
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "read", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
