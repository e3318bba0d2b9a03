package dev.cairn.context.lmdb;

import dev.cairn.context.Context;
import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextError;
import dev.cairn.context.ContextTree;
import dev.cairn.context.ObjectSet;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.tree.ObjectSink;
import dev.cairn.context.tree.ObjectSource;
import dev.cairn.context.tree.WorkingTree;
import dev.cairn.error.CauseText;
import dev.cairn.progress.Progress;
import dev.cairn.store.hash.ContextHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The node's context, in an LMDB environment of its own directory (see the package documentation).
 *
 * <p>A writable context is used by one thread, the node's; a read-only one may be opened by another
 * process beside it (as {@code snapshot export} beside {@code node run}) and sees each commit whole.
 * LMDB forbids opening one environment twice in a process, so a second open here is refused.
 */
public final class LmdbContext implements Context {

  private static final Set<Path> OPEN_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final ObjectDatabase db;
  private final Path scratchParent;
  private final boolean writable;
  private final ObjectSource source;
  private final ObjectSink sink;
  private final Durability durability;
  /** Writes commits on a thread of their own, in {@link Durability#ON_SYNC}; else null. */
  private final WriteBehind writeBehind;
  private long objectsWritten;
  private boolean closed;

  /** When commits reach the disk. */
  public enum Durability {
    /** Each commit is durable when it returns (one fsync per commit). */
    EACH_COMMIT,
    /**
     * Commits are durable after {@link #sync()}: many commits share one fsync. A crash may lose
     * the commits since the last sync, never corrupt the ones before it (LMDB's {@code
     * MDB_NOSYNC}). Commits are written by a thread of their own ({@link WriteBehind}), so the
     * caller goes on while LMDB writes; they are readable at once.
     */
    ON_SYNC
  }

  private LmdbContext(Path key, ObjectDatabase db, Path scratchParent, boolean writable,
      Durability durability) {
    this.durability = durability;
    this.writeBehind = writable && durability == Durability.ON_SYNC ? new WriteBehind(db) : null;
    this.key = key;
    this.db = db;
    this.scratchParent = scratchParent;
    this.writable = writable;
    this.source = hash -> lmdb("read", () -> {
      byte[] pending = writeBehind == null ? null : writeBehind.pending(hash);
      if (pending != null) {
        return pending.clone();
      }
      try (Txn<ByteBuffer> txn = db.env.txnRead()) {
        return db.load(txn, hash);
      }
    });
    this.sink = this::write;
  }

  /** Opens the context in {@code dir} for writing, creating it if needed; each commit durable. */
  public static LmdbContext open(Path dir) {
    return open(dir, Durability.EACH_COMMIT);
  }

  /** Opens the context in {@code dir} for writing, creating it if needed. */
  public static LmdbContext open(Path dir, Durability durability) {
    Path key = register(dir);
    try {
      ScratchDirectory.delete(scratchDir(dir));
      ObjectDatabase db = durability == Durability.ON_SYNC
          ? ObjectDatabase.open(dir, true, EnvFlags.MDB_NOSYNC)
          : ObjectDatabase.open(dir, true);
      return new LmdbContext(key, db, scratchDir(dir), true, durability);
    } catch (RuntimeException e) {
      OPEN_IN_THIS_PROCESS.remove(key);
      throw e;
    }
  }

  /**
   * Opens an existing context for reading, beside a writer if one runs; walks that need scratch
   * space (dumps) make it under {@code scratchParent}.
   */
  public static LmdbContext openReadOnly(Path dir, Path scratchParent) {
    Path key = register(dir);
    try {
      return new LmdbContext(key, ObjectDatabase.open(dir, false), scratchParent, false,
          Durability.EACH_COMMIT);
    } catch (RuntimeException e) {
      OPEN_IN_THIS_PROCESS.remove(key);
      throw e;
    }
  }

  /**
   * Restores a dump into a new context in {@code dir} (absent or empty) and closes it: {@link
   * #restore(InputStream, long, ContextHash, Progress)} on a fresh context. On any failure the
   * directory is deleted, so no partial state is left behind.
   */
  public static ContextHash restore(Path dir, InputStream dump, long length, ContextHash expected,
      Progress progress) {
    requireFresh(dir);
    boolean done = false;
    try (LmdbContext context = open(dir, Durability.ON_SYNC)) {
      ContextHash restored = context.restore(dump, length, expected, progress);
      done = true;
      return restored;
    } finally {
      if (!done) {
        ScratchDirectory.delete(dir);
      }
    }
  }

  private static void requireFresh(Path dir) {
    try (Stream<Path> entries = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
      if (entries.findAny().isPresent()) {
        throw new ContextError.ContextIoFailure(dir, "restore into", "the directory is not empty")
            .toException();
      }
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(dir, "restore into", e);
    }
  }

  @Override
  public ContextHash restore(InputStream dump, long length, ContextHash expected,
      Progress progress) {
    restore(dump, length, List.of(expected), progress);
    return expected;
  }

  @Override
  public void restore(InputStream dump, long length, List<ContextHash> expected,
      Progress progress) {
    requireWritable("restore a dump");
    drain();
    if (!lmdb("read", db::isEmpty)) {
      throw new ContextError.ContextIoFailure(key, "restore into",
          "the context already holds objects").toException();
    }
    ContextRestore.restore(db, ScratchDirectory.create(scratchParent), dump, length, expected,
        progress);
  }

  @Override
  public ContextDump openDump(List<ContextHash> commits, Progress progress) {
    progress.checkCancelled();
    drain();
    if (commits.isEmpty()) {
      throw new IllegalArgumentException("a dump of several commits names at least one");
    }
    for (ContextHash commit : commits) {
      if (!contains(commit)) {
        throw new ContextError.UnknownCommit(commit).toException();
      }
    }
    // Read as the walk goes: the list may be a file of a million hashes (LmdbDump refuses one
    // named twice).
    List<ObjectHash> roots = new java.util.AbstractList<>() {
      @Override
      public ObjectHash get(int index) {
        return ObjectHash.of(commits.get(index));
      }

      @Override
      public int size() {
        return commits.size();
      }
    };
    return lmdb("dump commits of",
        () -> new LmdbDump(db, roots, null, scratchParent, progress));
  }

  private static Path register(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    try {
      key = key.toRealPath();
    } catch (IOException e) {
      // Not there yet: a writable open creates it, and no other handle can name it otherwise.
    }
    if (!OPEN_IN_THIS_PROCESS.add(key)) {
      throw new ContextError.AlreadyOpen(key).toException();
    }
    return key;
  }

  private static Path scratchDir(Path dir) {
    return ScratchDirectory.of(dir);
  }

  @Override
  public ContextTree emptyTree() {
    return WorkingTree.empty(source, sink);
  }

  @Override
  public ContextTree checkout(ContextHash commit) {
    return WorkingTree.at(source, sink, commitObject(commit)
        .orElseThrow(() -> new ContextError.UnknownCommit(commit).toException()).root());
  }

  @Override
  public boolean contains(ContextHash commit) {
    return commitObject(commit).isPresent();
  }

  /** The commit object, if this context holds {@code commit}. */
  public Optional<ContextObject.Commit> commitObject(ContextHash commit) {
    return lmdb("read a commit of", () -> readCommit(commit));
  }

  private Optional<ContextObject.Commit> readCommit(ContextHash commit) {
    byte[] pending = writeBehind == null ? null : writeBehind.pending(ObjectHash.of(commit));
    if (pending != null) {
      return pending.length > 0 && pending[0] == ObjectCodec.TAG_COMMIT
          ? Optional.of((ContextObject.Commit) ObjectCodec.decode(pending)) : Optional.empty();
    }
    try (Txn<ByteBuffer> txn = db.env.txnRead()) {
      ByteBuffer value = db.get(txn, commit.bytes().toArray());
      if (value == null || ObjectCodec.tag(value) != ObjectCodec.TAG_COMMIT) {
        return Optional.empty();
      }
      byte[] encoding = new byte[value.remaining()];
      value.get(encoding);
      return Optional.of((ContextObject.Commit) ObjectCodec.decode(encoding));
    }
  }

  @Override
  public GcSummary collectGarbage(Collection<ContextHash> keep) {
    requireWritable("collect garbage");
    drain();
    return lmdb("collect garbage in", () -> GarbageCollector.collect(db, keep, scratchParent));
  }

  @Override
  public ContextDump openDump(ContextHash commit, Progress progress) {
    progress.checkCancelled();
    drain();
    if (!contains(commit)) {
      throw new ContextError.UnknownCommit(commit).toException();
    }
    return lmdb("dump a commit of",
        () -> new LmdbDump(db, ObjectHash.of(commit), scratchParent, progress));
  }

  @Override
  public ObjectSet reachable(ContextHash commit, Progress progress) {
    progress.checkCancelled();
    drain();
    if (!contains(commit)) {
      throw new ContextError.UnknownCommit(commit).toException();
    }
    return lmdb("walk a commit of", () -> {
      MappedHashTable set = MappedHashTable.createSet(scratchParent);
      try (Txn<ByteBuffer> txn = db.env.txnRead()) {
        long[] walked = {0};
        ObjectWalk.walk(ObjectHash.of(commit), hash -> db.load(txn, hash), set::add,
            (hash, encoding) -> {
              if (++walked[0] % 8192 == 0) {
                progress.checkCancelled();
              }
            });
      } catch (RuntimeException e) {
        set.close();
        throw e;
      }
      return new ObjectSet() {
        @Override
        public boolean contains(byte[] hash) {
          return set.contains(hash);
        }

        @Override
        public long size() {
          return set.size();
        }

        @Override
        public void close() {
          set.close();
        }
      };
    });
  }

  @Override
  public ContextDump openDelta(ContextHash commit, ObjectSet parent, Progress progress) {
    progress.checkCancelled();
    drain();
    if (!contains(commit)) {
      throw new ContextError.UnknownCommit(commit).toException();
    }
    if (parent.contains(commit.bytes().toArray())) {
      throw new ContextError.InconsistentContext("the parent already holds commit " + commit
          + ": a delta against it is empty").toException();
    }
    return lmdb("dump a delta of",
        () -> new LmdbDump(db, ObjectHash.of(commit), parent, scratchParent, progress));
  }

  @Override
  public ContextHash applyDelta(InputStream delta, long length, ContextHash expected,
      Progress progress) {
    requireWritable("apply a delta");
    drain();
    return ContextRestore.apply(db, ScratchDirectory.create(scratchParent), delta, length,
        expected, progress);
  }

  /**
   * Checks that every object {@code commit} reaches is present and hashes to its key; returns
   * their number. {@code Inconsistent_context} names the first fault.
   */
  public long verify(ContextHash commit) {
    drain();
    if (!contains(commit)) {
      throw new ContextError.UnknownCommit(commit).toException();
    }
    return lmdb("verify a commit of", () -> walkAndRehash(commit));
  }

  private long walkAndRehash(ContextHash commit) {
    long[] count = {0};
    try (Txn<ByteBuffer> txn = db.env.txnRead();
        MappedHashTable seen = MappedHashTable.createSet(scratchParent)) {
      ObjectWalk.walk(ObjectHash.of(commit), hash -> db.load(txn, hash), seen::add,
          (hash, encoding) -> {
            if (!Arrays.equals(ObjectHash.ofEncoding(encoding).toArray(), hash.toArray())) {
              throw new ContextError.InconsistentContext("object " + hash
                  + " does not hash to its key").toException();
            }
            count[0]++;
          });
    }
    return count[0];
  }

  private void write(Map<ObjectHash, byte[]> objects) {
    requireWritable("commit");
    if (writeBehind != null) {
      writeBehind.write(objects);
    } else {
      objectsWritten += db.writeAll(objects);
    }
  }

  /** Waits for commits handed to the writer thread, if there is one. */
  private void drain() {
    if (writeBehind != null) {
      writeBehind.drain();
    }
  }

  @Override
  public void sync() {
    if (writable && durability == Durability.ON_SYNC) {
      drain();
      lmdb("sync", () -> {
        db.env.sync(true);
        return null;
      });
    }
  }

  @Override
  public long objectsWritten() {
    if (writeBehind != null) {
      writeBehind.drain();
      return writeBehind.added();
    }
    return objectsWritten;
  }

  /** Runs {@code work}, reporting an LMDB failure as {@code Context_io_failure}. */
  private <T> T lmdb(String operation, Supplier<T> work) {
    try {
      return work.get();
    } catch (LmdbException e) {
      throw new ContextError.ContextIoFailure(key, operation, CauseText.of(e)).toException(e);
    }
  }

  private void requireWritable(String what) {
    if (!writable) {
      throw new IllegalStateException("cannot " + what + " in a read-only context");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writeBehind != null) {
        writeBehind.close();
      }
      db.close();
    } finally {
      OPEN_IN_THIS_PROCESS.remove(key);
    }
  }
}
