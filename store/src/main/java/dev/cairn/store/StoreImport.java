package dev.cairn.store;

import dev.cairn.error.StoreError;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a store from a snapshot's parts in a fresh data directory (the import's staging
 * directory): cemented files copied as they come, floating blocks appended, then the markers
 * written last, which is the moment the store exists. Until {@link #commit} nothing in the
 * directory is a store, and a builder closed without commit leaves files that no open accepts.
 *
 * <p>The builder checks what only the store can: a cemented file's offset table and that each
 * entry decodes as the block of its level. The caller (the snapshot importer) checks the chain
 * across parts.
 */
public final class StoreImport implements AutoCloseable {

  private final DataDir dataDir;
  private final StoreConfig config;
  private final DataDirLock lock;
  private final CementedIndex index;
  private final FloatingLog floating;
  private boolean committed;

  private StoreImport(DataDir dataDir, StoreConfig config, DataDirLock lock, CementedIndex index,
      FloatingLog floating) {
    this.dataDir = dataDir;
    this.config = config;
    this.lock = lock;
    this.index = index;
    this.floating = floating;
  }

  /** Starts a store in {@code dataDir}, which must hold none: config, genesis, protocol table. */
  public static StoreImport begin(DataDir dataDir, StoreConfig config, Block genesis,
      ProtocolLevels protocolLevels) {
    if (genesis.level() != 0 || !genesis.hash().equals(config.genesisBlock())
        || !genesis.hash().equals(genesis.header().hash())) {
      throw new StoreError.InvalidBlock(genesis.hash().toString(),
          "not the genesis block that the config names").toException();
    }
    DataDirLock lock = dataDir.lockForWriting();
    CementedIndex index = null;
    try {
      if (Files.exists(dataDir.storeDir())) {
        throw new StoreError.InvalidDataDir(dataDir.root(), "it already holds a store")
            .toException();
      }
      Files.createDirectories(dataDir.floatingDir());
      Files.createDirectories(dataDir.cementedMetadataDir());
      dataDir.writeConfig(config);
      AtomicFile.write(dataDir.genesisFile(), BlockCodec.encode(genesis, true));
      AtomicFile.write(dataDir.protocolLevelsFile(), protocolLevels.encode());
      index = CementedIndex.open(dataDir.indexDir(), true);
      return new StoreImport(dataDir, config, lock, index,
          FloatingLog.open(dataDir.floatingLog(0), true));
    } catch (IOException | RuntimeException e) {
      if (index != null) {
        index.close();
      }
      lock.close();
      throw e instanceof IOException io ? StoreError.StoreIoFailure.of(dataDir.storeDir(),
          "create", io) : (RuntimeException) e;
    }
  }

  /**
   * Copies the cemented file of levels {@code [start, end]} from {@code in} ({@code size} bytes),
   * checking its offset table and that each entry is the block of its level, linked to the one
   * before. With {@code recompute}, each block is decoded whole and its hash and operations hash
   * recomputed; without, only each entry's key fields are read. Returns the blocks' keys, in
   * level order. A fault is {@code Invalid_block} naming the file; a short input, {@code
   * Malformed_encoding}.
   */
  public List<BlockCodec.BlockKey> addCementedFile(int start, int end, InputStream in, long size,
      boolean recompute) {
    if (start < 1 || end < start || end != config.lastLevelOf(config.cycleOf(end))
        || start < config.firstLevelOf(config.cycleOf(end))) {
      throw fault(start, end, "is not a range of levels a cemented file can cover (cycles of "
          + config.blocksPerCycle() + " blocks)");
    }
    int count = end - start + 1;
    long tableBytes = 8L * count;
    if (size < tableBytes) {
      throw fault(start, end, "has " + size + " bytes, fewer than its offset table of "
          + tableBytes);
    }
    Path target = dataDir.cementedFile(start, end);
    List<BlockCodec.BlockKey> keys = new ArrayList<>(count);
    try (AtomicFile out = AtomicFile.create(target)) {
      ByteBuffer table = ByteBuffer.allocate((int) tableBytes);
      readFully(in, table.array(), (int) tableBytes, start, end);
      out.write(ByteBuffer.wrap(table.array()));
      long[] offsets = new long[count + 1];
      for (int i = 0; i < count; i++) {
        offsets[i] = table.getLong(8 * i);
      }
      offsets[count] = size;
      if (offsets[0] != tableBytes) {
        throw fault(start, end, "its first entry starts at " + offsets[0] + ", not after the "
            + "table at " + tableBytes);
      }
      for (int i = 0; i < count; i++) {
        long length = offsets[i + 1] - offsets[i];
        if (length <= 0 || length > BlockCodec.MAX_BYTES || offsets[i + 1] > size) {
          throw fault(start, end, "bad offsets [" + offsets[i] + ", " + offsets[i + 1]
              + ") for level " + (start + i) + " in a file of " + size + " bytes");
        }
        byte[] entry = new byte[(int) length];
        readFully(in, entry, entry.length, start, end);
        BlockCodec.BlockKey key = keyOf(entry, start + i, recompute, start, end);
        if (!keys.isEmpty() && !key.predecessor().equals(keys.get(keys.size() - 1).hash())) {
          throw fault(start, end, "the block at level " + key.level()
              + " does not link to the one below it");
        }
        keys.add(key);
        out.write(ByteBuffer.wrap(entry));
      }
      if (in.read() != -1) {
        throw fault(start, end, "runs past its last entry");
      }
      out.commit();
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target, "read", e);
    }
    index.putAll(keys.stream().map(BlockCodec.BlockKey::hash).toList(), start);
    return keys;
  }

  private static BlockCodec.BlockKey keyOf(byte[] entry, int level, boolean recompute, int start,
      int end) {
    BlockCodec.BlockKey key;
    if (recompute) {
      Block block = BlockCodec.decode(entry, "cemented block at level " + level);
      block.verify().ifPresent(fault -> {
        throw fault(start, end, "level " + level + ": " + fault);
      });
      if (block.metadata().isPresent()) {
        throw fault(start, end, "the block at level " + level + " carries metadata");
      }
      key = new BlockCodec.BlockKey(block.hash(), block.level(), block.predecessor());
    } else {
      key = BlockCodec.peek(entry, 0, entry.length, "cemented block at level " + level);
    }
    if (key.level() != level) {
      throw fault(start, end, "its entry for level " + level + " holds level " + key.level());
    }
    return key;
  }

  private static void readFully(InputStream in, byte[] into, int length, int start, int end)
      throws IOException {
    int read = in.readNBytes(into, 0, length);
    if (read < length) {
      throw fault(start, end, "ends inside an entry or its offset table");
    }
  }

  private static RuntimeException fault(int start, int end, String reason) {
    return new StoreError.InvalidBlock("cemented file " + start + "_" + end, reason)
        .toException();
  }

  /** Appends a floating block (with its metadata, if it has it); the caller checks links. */
  public void appendFloating(Block block) {
    floating.append(block);
  }

  /**
   * Makes the store exist: syncs everything written, then writes the markers.
   *
   * @param cementedHighest the last level of the last cemented file added, or 0
   */
  public void commit(Markers markers, int cementedHighest) {
    floating.sync();
    for (Path dir : List.of(dataDir.floatingDir(), dataDir.cementedMetadataDir(),
        dataDir.cementedDir(), dataDir.storeDir(), dataDir.root())) {
      AtomicFile.fsyncDirectory(dir);
    }
    new StoreState(markers, cementedHighest, 0).write(dataDir.markersFile());
    committed = true;
  }

  public boolean committed() {
    return committed;
  }

  @Override
  public void close() {
    try {
      floating.close();
    } finally {
      try {
        index.close();
      } finally {
        lock.close();
      }
    }
  }
}
