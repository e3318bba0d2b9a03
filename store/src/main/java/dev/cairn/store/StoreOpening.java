package dev.cairn.store;

import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.datadir.FileTree;
import dev.cairn.store.encoding.BinaryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a store comes to be: creating its files, and reading what a {@link BlockWriter} or a
 * {@link BlockReader} opens. A failed open releases whatever it took.
 */
final class StoreOpening {

  private StoreOpening() {}

  /** Writes a new store's files; the markers last, so a store exists once they do. */
  static void create(DataDir dataDir, StoreConfig config, Block genesis) {
    requireGenesis(config, genesis);
    try (DataDirLock lock = dataDir.lockForWriting()) {
      if (Files.exists(dataDir.markersFile())) {
        throw new StoreError.InvalidDataDir(dataDir.root(), "it already holds a store")
            .toException();
      }
      FileTree.delete(dataDir.storeDir()); // what a create cut short left
      Files.createDirectories(dataDir.floatingDir());
      Files.createDirectories(dataDir.cementedMetadataDir());
      dataDir.writeConfig(config);
      AtomicFile.write(dataDir.genesisFile(), BlockCodec.encode(genesis, true));
      AtomicFile.write(dataDir.protocolLevelsFile(), ProtocolLevels.EMPTY.encode());
      AtomicFile.write(dataDir.floatingLog(0), new byte[0]);
      CementedIndex.open(dataDir.indexDir(), true).close();
      syncDirectories(dataDir);
      new StoreState(Markers.allAt(BlockRef.of(genesis)), 0, 0).write(dataDir.markersFile());
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dataDir.storeDir(), "create", e);
    }
  }

  /** {@code Invalid_block} unless {@code genesis} is the genesis block {@code config} names. */
  static void requireGenesis(StoreConfig config, Block genesis) {
    if (genesis.level() != 0 || !genesis.hash().equals(config.genesisBlock())
        || !genesis.hash().equals(genesis.header().hash())) {
      throw new StoreError.InvalidBlock(genesis.hash(), genesis.level(),
          "not the genesis block that the config names").toException();
    }
  }

  /** Makes the entries of every store directory durable, deepest first, before the markers. */
  static void syncDirectories(DataDir dataDir) {
    for (Path dir : List.of(dataDir.floatingDir(), dataDir.cementedMetadataDir(),
        dataDir.cementedDir(), dataDir.storeDir(), dataDir.root())) {
      AtomicFile.fsyncDirectory(dir);
    }
  }

  /** The writer's lock, refused first where there is no data directory to write. */
  static DataDirLock lockForWriting(DataDir dataDir) {
    if (!Files.exists(dataDir.configFile())) {
      // Refused before the lock, which would create the directory and its lock file.
      throw new StoreError.InvalidDataDir(dataDir.root(),
          "no config.json: not a Cairn data directory").toException();
    }
    return dataDir.lockForWriting();
  }

  /** What a writer opens (its floating log comes with recovery). */
  static StoreFiles writerFiles(DataDir dataDir) {
    StoreConfig config = dataDir.readConfig();
    StoreState state = readState(dataDir);
    Block genesis = readGenesis(dataDir);
    ProtocolLevels levels = readProtocolLevels(dataDir);
    CementedCycles cemented = CementedCycles.open(dataDir);
    return new StoreFiles(dataDir, config, genesis, state, levels, cemented,
        CementedIndex.open(dataDir.indexDir(), true), null);
  }

  static StoreState readState(DataDir dataDir) {
    if (!Files.isRegularFile(dataDir.markersFile())) {
      throw new StoreError.InvalidDataDir(dataDir.root(), "it holds no store").toException();
    }
    return StoreState.read(dataDir.markersFile());
  }

  static Block readGenesis(DataDir dataDir) {
    return BlockCodec.decode(readSmallFile(dataDir.genesisFile(), BlockCodec.MAX_BYTES),
        "genesis block");
  }

  static ProtocolLevels readProtocolLevels(DataDir dataDir) {
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
}
