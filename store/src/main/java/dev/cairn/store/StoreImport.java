package dev.cairn.store;

import dev.cairn.error.CairnException;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.datadir.FileSystemSync;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Builds a store from a snapshot's parts in a fresh data directory (the import's staging
 * directory): cemented files copied as they come, floating blocks appended, then the markers
 * written last, which is the moment the store exists. Until {@link #commit} nothing in the
 * directory is a store, and a builder closed without commit leaves files that no open accepts.
 *
 * <p>The builder checks what only the store can: a cemented file's offset table and that each
 * entry decodes as the block of its level. The caller (the snapshot importer) checks the chain
 * across parts. Entries are decoded and rehashed on every core while the input goes on being read
 * (at most 32 MiB in flight); files are written whole in one call each and synced together at
 * commit ({@link FileSystemSync}), and the index is written in batches: nothing in the directory
 * counts before the markers do.
 */
public final class StoreImport implements AutoCloseable {

  private final DataDir dataDir;
  private final StoreConfig config;
  private final DataDirLock lock;
  private final CementedIndex index;
  private final FloatingLog floating;
  /** Whether cemented files are written, or only checked (a verify, which keeps nothing). */
  private final boolean keepCemented;
  /** Cemented files written and not yet synced: {@link #commit} syncs them all at once. */
  private final List<Path> unsynced = new ArrayList<>();
  /** Index entries not yet written: one LMDB transaction per batch, not per file. */
  private final List<BlockHash> pendingIndex = new ArrayList<>();
  private int pendingFirstLevel;
  /** Decodes and rehashes cemented blocks on every core while the input is read. */
  private final ExecutorService verifiers = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
        Thread thread = new Thread(runnable, "cairn-import-verify");
        thread.setDaemon(true);
        return thread;
      });
  /** Bounds the bytes handed to the verifiers and not yet checked. */
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT_BYTES);

  private static final int IN_FLIGHT_BYTES = 32 << 20;
  /** Files up to this size are checked on another thread; larger ones as they are read. */
  private static final int DEFERRED_FILE_BYTES = 8 << 20;
  private final ArrayDeque<Check> checks = new ArrayDeque<>();
  private static final int INDEX_BATCH = 1 << 16;

  private StoreImport(DataDir dataDir, StoreConfig config, DataDirLock lock, CementedIndex index,
      FloatingLog floating, boolean keepCemented) {
    this.dataDir = dataDir;
    this.config = config;
    this.lock = lock;
    this.index = index;
    this.floating = floating;
    this.keepCemented = keepCemented;
  }

  /** Starts a store in {@code dataDir}, which must hold none: config, genesis, protocol table. */
  public static StoreImport begin(DataDir dataDir, StoreConfig config, Block genesis,
      ProtocolLevels protocolLevels) {
    return begin(dataDir, config, genesis, protocolLevels, true);
  }

  /**
   * {@link #begin}, where {@code keepCemented} false makes a store that only checks the cemented
   * files it is given, writing none of them: for a verify, whose store is thrown away, so that
   * it neither writes nor deletes thousands of files (such a store is never committed).
   */
  public static StoreImport begin(DataDir dataDir, StoreConfig config, Block genesis,
      ProtocolLevels protocolLevels, boolean keepCemented) {
    StoreOpening.requireGenesis(config, genesis);
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
          FloatingLog.open(dataDir.floatingLog(0), true), keepCemented);
    } catch (IOException | RuntimeException e) {
      if (index != null) {
        index.close();
      }
      lock.close();
      throw e instanceof IOException io ? StoreError.StoreIoFailure.of(dataDir.storeDir(),
          "create", io) : (RuntimeException) e;
    }
  }

  /** A cemented file whose blocks passed the store's checks: its levels and its blocks' keys. */
  public record CheckedCementedFile(int start, int end, List<BlockCodec.BlockKey> keys) {}

  /**
   * Copies the cemented file of levels {@code [start, end]} from {@code in} ({@code size} bytes),
   * checking its offset table and that each entry is the block of its level, linked to the one
   * before. With {@code recompute}, each block is decoded whole and its hash and operations hash
   * recomputed; without, only each entry's key fields are read. The checks of a file (of at most
   * 8 MiB) run on another thread while the next file is read, so this returns the files whose
   * checks have finished by now, in the order they came (perhaps none, perhaps several); {@link
   * #finishCemented} returns the rest. A fault is {@code Corrupted_cemented_file} with the file's
   * levels, thrown by the call that finds it; a short input is one too.
   */
  public List<CheckedCementedFile> addCementedFile(int start, int end, InputStream in,
      long size, boolean recompute) {
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
    boolean deferred = size <= DEFERRED_FILE_BYTES;
    List<byte[]> entries = new ArrayList<>(deferred ? count : 0);
    List<BlockCodec.BlockKey> checkedNow = new ArrayList<>(deferred ? 0 : count);
    try (WritableByteChannel out = keepCemented ? FileChannel.open(target,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
        : Channels.newChannel(OutputStream.nullOutputStream())) {
      if (keepCemented) {
        unsynced.add(target);
      }
      ByteBuffer table = ByteBuffer.allocate((int) tableBytes);
      readFully(in, table.array(), (int) tableBytes, start, end);
      FileBuffer buffer = new FileBuffer(out, size);
      buffer.write(table.array());
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
        buffer.write(entry);
        if (deferred) {
          entries.add(entry);
        } else {
          checkedNow.add(keyOf(entry, start + i, recompute, start, end)); // a large file: now
        }
      }
      if (in.read() != -1) {
        throw fault(start, end, "runs past its last entry");
      }
      buffer.flush();
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target, "write", e);
    }
    if (deferred) {
      int permits = (int) size;
      inFlight.acquireUninterruptibly(permits);
      checks.add(new Check(start, end, verifiers.submit(() -> {
        try {
          List<BlockCodec.BlockKey> keys = new ArrayList<>(entries.size());
          for (int i = 0; i < entries.size(); i++) {
            keys.add(keyOf(entries.get(i), start + i, recompute, start, end));
          }
          return keys;
        } finally {
          inFlight.release(permits);
        }
      })));
      return finishedChecks(false);
    }
    List<CheckedCementedFile> done = finishedChecks(true);
    done.add(accept(start, end, checkedNow));
    return done;
  }

  /** A cemented file whose blocks are being checked on another thread. */
  private record Check(int start, int end, Future<List<BlockCodec.BlockKey>> keys) {}

  /**
   * The checks that are done, in the order the files came (all of them, waiting, when {@code
   * all}), each checked for links inside its file and indexed.
   */
  private List<CheckedCementedFile> finishedChecks(boolean all) {
    List<CheckedCementedFile> done = new ArrayList<>();
    while (!checks.isEmpty() && (all || checks.peekFirst().keys().isDone())) {
      Check check = checks.pollFirst();
      done.add(accept(check.start(), check.end(), joined(check.keys())));
    }
    return done;
  }

  private CheckedCementedFile accept(int start, int end, List<BlockCodec.BlockKey> keys) {
    for (int i = 1; i < keys.size(); i++) {
      if (!keys.get(i).predecessor().equals(keys.get(i - 1).hash())) {
        throw fault(start, end, "the block at level " + keys.get(i).level()
            + " does not link to the one below it");
      }
    }
    index(keys, start);
    return new CheckedCementedFile(start, end, keys);
  }

  /**
   * Waits for the checks of every cemented file added and returns those not yet returned, in
   * order; the first fault is thrown.
   */
  public List<CheckedCementedFile> finishCemented() {
    return finishedChecks(true);
  }

  private static <T> T joined(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking cemented blocks", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void index(List<BlockCodec.BlockKey> keys, int firstLevel) {
    if (pendingIndex.isEmpty()) {
      pendingFirstLevel = firstLevel;
    }
    keys.forEach(key -> pendingIndex.add(key.hash()));
    if (pendingIndex.size() >= INDEX_BATCH) {
      flushIndex();
    }
  }

  private void flushIndex() {
    if (!pendingIndex.isEmpty()) {
      index.putAll(pendingIndex, pendingFirstLevel);
      pendingIndex.clear();
    }
  }

  private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  /** Gathers a file's bytes (up to 4 MiB) so that a small file takes one write. */
  private static final class FileBuffer {
    private static final int MAX = 4 << 20;
    private final WritableByteChannel out;
    private final ByteBuffer buffer;

    FileBuffer(WritableByteChannel out, long size) {
      this.out = out;
      this.buffer = ByteBuffer.allocate((int) Math.min(size, MAX));
    }

    void write(byte[] bytes) throws IOException {
      if (bytes.length > buffer.remaining()) {
        flush();
        if (bytes.length > buffer.capacity()) {
          writeFully(out, ByteBuffer.wrap(bytes));
          return;
        }
      }
      buffer.put(bytes);
    }

    void flush() throws IOException {
      buffer.flip();
      writeFully(out, buffer);
      buffer.clear();
    }
  }

  private static BlockCodec.BlockKey keyOf(byte[] entry, int level, boolean recompute, int start,
      int end) {
    try {
      return decodedKey(entry, level, recompute, start, end);
    } catch (CairnException e) {
      if (e.error() instanceof StoreError.MalformedEncoding malformed) {
        throw fault(start, end, malformed.details());
      }
      throw e;
    }
  }

  private static BlockCodec.BlockKey decodedKey(byte[] entry, int level, boolean recompute,
      int start, int end) {
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
    return new StoreError.CorruptedCementedFile(start, end, reason).toException();
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
    if (!keepCemented) {
      throw new IllegalStateException("a store that kept no cemented file is not committed");
    }
    if (!checks.isEmpty()) {
      throw new IllegalStateException("finishCemented() first: cemented files are unchecked");
    }
    flushIndex();
    FileSystemSync.syncFiles(dataDir.root(), unsynced);
    floating.sync();
    StoreOpening.syncDirectories(dataDir);
    new StoreState(markers, cementedHighest, 0).write(dataDir.markersFile());
  }

  @Override
  public void close() {
    verifiers.shutdownNow();
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
