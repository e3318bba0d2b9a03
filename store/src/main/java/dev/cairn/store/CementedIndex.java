package dev.cairn.store;

import dev.cairn.error.CauseText;
import dev.cairn.store.datadir.DeferredSync;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Block hash → level, for cemented blocks, in LMDB.
 *
 * <p>The level finds the cemented file and the entry in its offset table; floating blocks are
 * indexed in memory by their log instead. One write transaction per cemented cycle (or per GC
 * batch), committed before the markers that depend on it. LMDB lets a reader process open the index
 * beside the writer. The byte-array proxy is enough here: one put per cemented block is far from
 * any hot path, and it needs no {@code --add-opens}.
 *
 * <p>LMDB forbids opening one environment twice in a process (closing either handle drops the
 * other's file lock), so this class refuses a second open of the same directory in this process:
 * a reader beside a writer is another process, as {@code snapshot export} beside {@code node run}.
 */
final class CementedIndex implements AutoCloseable {

  /** Address space reserved for the map; LMDB grows the file only as it fills. */
  private static final long MAP_SIZE = 16L << 30;

  private static final Set<Path> OPEN_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Env<byte[]> env;
  private final Dbi<byte[]> levels;

  private CementedIndex(Path dir, Env<byte[]> env, Dbi<byte[]> levels) {
    this.dir = dir;
    this.env = env;
    this.levels = levels;
  }

  static CementedIndex open(Path dir, boolean writable) {
    Path key = dir.toAbsolutePath().normalize();
    if (!OPEN_IN_THIS_PROCESS.add(key)) {
      throw new StoreError.DataDirLocked(key.getParent().getParent(),
          "its store is already open in this process").toException();
    }
    try {
      if (writable) {
        Files.createDirectories(dir);
      }
      Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(MAP_SIZE).setMaxDbs(1)
          .open(dir.toFile(), !writable ? new EnvFlags[] {EnvFlags.MDB_RDONLY_ENV}
              // Under a DeferredSync, commits are not flushed one by one: syncAll does it.
              : DeferredSync.covers(dir) ? new EnvFlags[] {EnvFlags.MDB_NOSYNC}
              : new EnvFlags[0]);
      Dbi<byte[]> levels = writable
          ? env.openDbi("levels", DbiFlags.MDB_CREATE)
          : env.openDbi("levels");
      return new CementedIndex(key, env, levels);
    } catch (IOException e) {
      OPEN_IN_THIS_PROCESS.remove(key);
      throw StoreError.StoreIoFailure.of(dir, "open", e);
    } catch (LmdbException e) {
      OPEN_IN_THIS_PROCESS.remove(key);
      throw new StoreError.CorruptedStore("cannot open the block index " + dir + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  Optional<Integer> level(BlockHash hash) {
    try (Txn<byte[]> txn = env.txnRead()) {
      byte[] value = levels.get(txn, hash.bytes().toArray());
      return value == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(value).getInt());
    }
  }

  /** Adds {@code blocks} in one durable transaction. */
  void putAll(Collection<BlockHash> hashes, int firstLevel) {
    try (Txn<byte[]> txn = env.txnWrite()) {
      int level = firstLevel;
      for (BlockHash hash : hashes) {
        levels.put(txn, hash.bytes().toArray(), ByteBuffer.allocate(4).putInt(level++).array());
      }
      txn.commit();
    } catch (LmdbException e) {
      throw new StoreError.CorruptedStore("cannot write the block index " + dir + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  /** Removes {@code hashes} in one durable transaction; absent ones are ignored. */
  void removeAll(Collection<BlockHash> hashes) {
    try (Txn<byte[]> txn = env.txnWrite()) {
      for (BlockHash hash : hashes) {
        levels.delete(txn, hash.bytes().toArray());
      }
      txn.commit();
    } catch (LmdbException e) {
      throw new StoreError.CorruptedStore("cannot write the block index " + dir + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  long size() {
    try (Txn<byte[]> txn = env.txnRead()) {
      return levels.stat(txn).entries;
    }
  }

  @Override
  public void close() {
    try {
      env.close();
    } finally {
      OPEN_IN_THIS_PROCESS.remove(dir);
    }
  }
}
