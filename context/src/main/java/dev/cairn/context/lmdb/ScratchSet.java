package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * A set of hashes on disk, in a throw-away LMDB environment, so that walks over millions of objects
 * keep a bounded heap. Nothing in it needs to survive a crash: it runs without syncs, writes
 * through the map, and its directory is deleted on close (and by the next open if a crash left it).
 * Used through {@link Session}s, each one write transaction on one thread.
 */
final class ScratchSet implements AutoCloseable {

  private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

  private final Path dir;
  private final Env<ByteBuffer> env;
  private final Dbi<ByteBuffer> hashes;

  private ScratchSet(Path dir, Env<ByteBuffer> env, Dbi<ByteBuffer> hashes) {
    this.dir = dir;
    this.env = env;
    this.hashes = hashes;
  }

  /** A new, empty set in a fresh directory under {@code parent}. */
  static ScratchSet create(Path parent) {
    Path dir = null;
    try {
      Files.createDirectories(parent);
      dir = Files.createTempDirectory(parent, "scratch-");
      Env<ByteBuffer> env = Env.create().setMapSize(ObjectDatabase.MAP_SIZE).setMaxDbs(1)
          .open(dir.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOMETASYNC, EnvFlags.MDB_WRITEMAP,
              EnvFlags.MDB_MAPASYNC, EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOLOCK);
      return new ScratchSet(dir, env, env.openDbi("hashes", DbiFlags.MDB_CREATE));
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(parent, "create a scratch set in", e).toException(e);
    } catch (LmdbException e) {
      deleteTree(dir);
      throw new ContextError.ContextIoFailure(parent, "create a scratch set in", e.getMessage())
          .toException(e);
    }
  }

  /** Starts a session: one write transaction, to be closed on the thread that opened it. */
  Session session() {
    return new Session(env.txnWrite());
  }

  /** Adds and removes hashes; closing commits. */
  final class Session implements AutoCloseable {
    private final Txn<ByteBuffer> txn;

    private Session(Txn<ByteBuffer> txn) {
      this.txn = txn;
    }

    /** Adds {@code hash}; true if it was not there. */
    boolean add(byte[] hash) {
      return hashes.put(txn, ObjectDatabase.key(hash), EMPTY,
          org.lmdbjava.PutFlags.MDB_NOOVERWRITE);
    }

    /** Removes {@code hash}; true if it was there. */
    boolean remove(byte[] hash) {
      return hashes.delete(txn, ObjectDatabase.key(hash));
    }

    boolean contains(byte[] hash) {
      return hashes.get(txn, ObjectDatabase.key(hash)) != null;
    }

    @Override
    public void close() {
      txn.commit();
      txn.close();
    }
  }

  @Override
  public void close() {
    env.close();
    deleteTree(dir);
  }

  /** Deletes a scratch directory and what is in it; quietly, it is only scratch. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // Left for the next open to remove.
    }
  }
}
