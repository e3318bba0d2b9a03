package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CauseText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/** The LMDB environment of a context: one database of hash → encoding. */
final class ObjectDatabase implements AutoCloseable {

  /** Address space reserved for the map; the file grows only as it fills. */
  static final long MAP_SIZE = 1L << 40;

  private static final ThreadLocal<ByteBuffer> KEY =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(ObjectHash.LENGTH));

  final Path dir;
  final Env<ByteBuffer> env;
  final Dbi<ByteBuffer> objects;

  private ObjectDatabase(Path dir, Env<ByteBuffer> env, Dbi<ByteBuffer> objects) {
    this.dir = dir;
    this.env = env;
    this.objects = objects;
  }

  /** Opens (creating if {@code writable}) the environment in {@code dir}. */
  static ObjectDatabase open(Path dir, boolean writable, EnvFlags... extra) {
    try {
      if (writable) {
        Files.createDirectories(dir);
      }
      EnvFlags[] flags = new EnvFlags[extra.length + (writable ? 1 : 2)];
      System.arraycopy(extra, 0, flags, 0, extra.length);
      flags[extra.length] = EnvFlags.MDB_NOTLS;
      if (!writable) {
        flags[extra.length + 1] = EnvFlags.MDB_RDONLY_ENV;
      }
      Env<ByteBuffer> env = Env.create().setMapSize(MAP_SIZE).setMaxDbs(1).setMaxReaders(126)
          .open(dir.toFile(), flags);
      try {
        Dbi<ByteBuffer> objects = writable
            ? env.openDbi("objects", DbiFlags.MDB_CREATE)
            : env.openDbi("objects");
        return new ObjectDatabase(dir, env, objects);
      } catch (LmdbException e) {
        env.close();
        throw e;
      }
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(dir, "open", e);
    } catch (LmdbException e) {
      throw new ContextError.ContextIoFailure(dir, "open the context in", CauseText.of(e))
          .toException(e);
    }
  }

  static ByteBuffer key(byte[] hash) {
    ByteBuffer key = KEY.get();
    key.clear();
    key.put(hash).flip();
    return key;
  }

  /** The stored encoding (a view valid until {@code txn} ends), or null. */
  ByteBuffer get(Txn<ByteBuffer> txn, byte[] hash) {
    return objects.get(txn, key(hash));
  }

  /** A copy of the stored encoding; {@code Inconsistent_context} if absent. */
  byte[] load(Txn<ByteBuffer> txn, ObjectHash hash) {
    ByteBuffer value = get(txn, hash.toArray());
    if (value == null) {
      throw new ContextError.InconsistentContext("object " + hash + " is missing").toException();
    }
    byte[] copy = new byte[value.remaining()];
    value.get(copy);
    return copy;
  }

  /**
   * Stores {@code encoding} under {@code hash} unless present; returns whether it was stored. For
   * commits, where an object is often present already (a common value): a look-up first.
   */
  boolean putIfAbsent(Txn<ByteBuffer> txn, byte[] hash, byte[] encoding) {
    if (objects.get(txn, key(hash)) != null) {
      return false;
    }
    objects.reserve(txn, key(hash), encoding.length, PutFlags.MDB_NOOVERWRITE).put(encoding);
    return true;
  }

  /** Writes all of {@code batch} in one transaction; returns how many were not there yet. */
  int writeAll(Map<ObjectHash, byte[]> batch) {
    try (Txn<ByteBuffer> txn = env.txnWrite()) {
      int added = 0;
      for (Map.Entry<ObjectHash, byte[]> object : batch.entrySet()) {
        if (putIfAbsent(txn, object.getKey().toArray(), object.getValue())) {
          added++;
        }
      }
      txn.commit();
      return added;
    } catch (LmdbException e) {
      throw new ContextError.ContextIoFailure(dir, "write to the context in", CauseText.of(e))
          .toException(e);
    }
  }

  /** Whether the database holds no object at all. */
  boolean isEmpty() {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      return objects.stat(txn).entries == 0;
    }
  }

  @Override
  public void close() {
    env.close();
  }
}
