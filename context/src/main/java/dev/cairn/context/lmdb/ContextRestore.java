package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.progress.Progress;
import dev.cairn.progress.ProgressError;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.context.object.ObjectFormatException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Builds a fresh context from a dump ({@link DumpFormat}), trusting nothing in it.
 *
 * <p>Three stages. A reader thread ({@link DumpReader}) reads each frame, checking its length
 * before allocating it, hashes the object, decodes it with every check its own bytes allow and
 * works out its {@link ObjectFacts}. The calling thread accepts an object only if everything it
 * points at is already restored and fits: a value entry points at a blob, a directory entry at a
 * non-empty directory root, an inode's buckets at objects one level deeper with its prefix, whose
 * steps hash into that bucket, and whose counts add up. A repeat is refused; the last object, and
 * only it, is a commit, whose hash must be the expected one; every other object is reached from
 * it (each object, once pointed at, is marked in its facts, and the marks must add up). What has been restored, with its facts,
 * is kept in a {@link MappedHashTable} (off the heap), and the objects in {@link SortedRuns}. Only
 * once everything has been checked are the runs merged into LMDB, in key order.
 *
 * <p>A delta ({@link #apply}) is checked the same way against a context that already holds its
 * parent's objects: a child not restored from the delta is looked up there (and its facts worked
 * out from its stored bytes), an object already held is refused, and the merge puts the sorted
 * objects among the held ones instead of appending them to an empty database.
 *
 * <p>So a failure at any point before the final write leaves the context as it was, and
 * no partial state is ever visible as a commit. The environment is written without syncs and
 * synced once at the end. The work checks its {@link Progress} for cancellation every few
 * thousand objects.
 */
public final class ContextRestore {

  private static final int PROGRESS_EVERY = 8192;

  private ContextRestore() {}

  /**
   * Restores the dump read from {@code in} ({@code length} bytes, or -1 if unknown) into {@code
   * db}, which holds nothing, using {@code scratch} (removed at the end) for the checks. Returns
   * the restored commit, equal to {@code expected}. Nothing reaches {@code db} before every object
   * and the final hash have been checked; then all of it is written, and synced once.
   */
  static ContextHash restore(ObjectDatabase db, Path scratch, InputStream in, long length,
      ContextHash expected, Progress progress) {
    return run(db, false, scratch, in, length, List.of(expected), progress);
  }

  /**
   * Restores a dump of several commits, {@code expected} in that order: as {@link #restore},
   * each commit must be the next expected one, and nothing may follow the last.
   */
  static void restore(ObjectDatabase db, Path scratch, InputStream in, long length,
      List<ContextHash> expected, Progress progress) {
    run(db, false, scratch, in, length, expected, progress);
  }

  /**
   * Applies the delta read from {@code in} to {@code db}, which holds its parent's objects; as
   * {@link #restore}, but a child may be one {@code db} holds, and an object it holds is refused.
   */
  static ContextHash apply(ObjectDatabase db, Path scratch, InputStream in, long length,
      ContextHash expected, Progress progress) {
    return run(db, true, scratch, in, length, List.of(expected), progress);
  }

  private static final long RESTORE_PRESIZE = 1 << 18;

  private static ContextHash run(ObjectDatabase db, boolean delta, Path scratch, InputStream in,
      long length, List<ContextHash> expected, Progress progress) {
    try (MappedHashTable restored = MappedHashTable.create(scratch, ObjectFacts.BYTES);
        SortedRuns runs = new SortedRuns(scratch)) {
      ContextHash commit;
      try (Held held = delta ? new Held(db) : null) {
        commit = new Checker(restored, held, runs, in, length, expected, progress).run();
      }
      ContextHash last = expected.get(expected.size() - 1);
      if (!commit.equals(last)) {
        throw new ContextError.InconsistentContextHash(last, commit).toException();
      }
      progress.checkCancelled();
      runs.writeTo(db, !delta);
      db.env.sync(true);
      return commit;
    } catch (LmdbException e) {
      throw new ContextError.ContextIoFailure(db.dir, "restore the context into",
          CauseText.of(e)).toException(e);
    } finally {
      ScratchDirectory.delete(scratch);
    }
  }

  /** What a delta's parent holds: the database, read under one transaction during the checks. */
  private static final class Held implements AutoCloseable {
    private static final int RECENT = 1 << 16;
    private final ObjectDatabase db;
    private final Txn<ByteBuffer> txn;
    /** The facts of held directories met lately: a delta may point at one many times. */
    private final Map<ObjectHash, byte[]> recent = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ObjectHash, byte[]> eldest) {
        return size() > RECENT;
      }
    };

    Held(ObjectDatabase db) {
      this.db = db;
      this.txn = db.env.txnRead();
    }

    boolean holds(byte[] hash) {
      return db.get(txn, hash) != null;
    }

    /**
     * The facts of {@code hash} if held, else null: a value's from its tag alone (a value may be
     * 16 MiB, and a delta may point at it many times), a directory's from its bytes, which are
     * small (a leaf holds at most 32 entries, an inode 32 hashes).
     */
    byte[] facts(byte[] hash) {
      ObjectHash key = ObjectHash.of(hash);
      byte[] known = recent.get(key);
      if (known != null) {
        return known;
      }
      ByteBuffer value = db.get(txn, hash);
      if (value == null) {
        return null;
      }
      if (value.remaining() > 0 && value.get(value.position()) == ObjectCodec.TAG_BLOB) {
        return ObjectFacts.ofBlob();
      }
      byte[] encoding = new byte[value.remaining()];
      value.duplicate().get(encoding);
      try {
        byte[] facts = ObjectFacts.of(ObjectCodec.decode(encoding));
        recent.put(key, facts);
        return facts;
      } catch (ObjectFormatException e) {
        throw new ContextError.InconsistentContext("stored object " + ObjectHash.of(hash)
            + " is malformed: " + CauseText.of(e)).toException();
      }
    }

    @Override
    public void close() {
      txn.close();
    }
  }

  /** The second stage, on the caller's thread: checks each object and keeps it. */
  private static final class Checker {
    private final MappedHashTable restored;
    private final Held held;
    private final SortedRuns runs;
    private final DumpReader reader;
    private final Progress progress;
    private final byte[] facts = new byte[ObjectFacts.BYTES];
    /** The commits the dump must hold, in order; one for a dump of one commit or a delta. */
    private final List<ContextHash> expected;
    private int commitsSeen;
    private boolean commitSeen;
    private long referenced;

    Checker(MappedHashTable restored, Held held, SortedRuns runs, InputStream in, long length,
        List<ContextHash> expected, Progress progress) {
      this.expected = expected;
      this.restored = restored;
      this.held = held;
      this.runs = runs;
      this.reader = new DumpReader(in, length);
      this.progress = progress;
    }

    ContextHash run() {
      Thread thread = new Thread(reader, "context-restore-reader");
      thread.setDaemon(true);
      thread.start();
      boolean done = false;
      try {
        ObjectHash last = null;
        long checked = 0;
        while (true) {
          DumpReader.Batch batch = reader.next(100);
          if (batch == null) {
            if (!thread.isAlive() && (batch = reader.next(0)) == null) {
              throw new ContextError.MalformedDump("the dump's reader stopped").toException();
            }
            if (batch == null) {
              continue;
            }
          }
          if (batch instanceof DumpReader.Failed failed) {
            throw rethrow(failed.failure());
          }
          if (batch instanceof DumpReader.Start start) {
            // The count is the dump's claim, bounded only by its declared length: room for at
            // most 2^18 entries ahead (2^19 slots, 42 MB of scratch), so that a lie costs little.
            restored.presize(Math.min(start.count(), RESTORE_PRESIZE));
            continue;
          }
          if (batch instanceof DumpReader.End end) {
            if (!commitSeen) {
              throw inconsistent(commitsSeen == 0 || expected.size() == 1
                  ? "the last object is not a commit"
                  : "the dump ends after " + commitsSeen + " of its " + expected.size()
                      + " commits");
            }
            if (referenced != end.count() - commitsSeen) {
              throw inconsistent((end.count() - commitsSeen - referenced)
                  + " objects that no commit reaches");
            }
            progress.advance(end.count());
            done = true;
            return last.asContextHash();
          }
          for (DumpReader.Parsed object : ((DumpReader.Objects) batch).objects()) {
            check(object.index(), object.hash(), object.object());
            byte[] hash = object.hash().toArray();
            if (held != null && held.holds(hash)) {
              throw inconsistent("object " + object.index() + " (" + object.hash() + ") is "
                  + "already in the parent's context: a delta holds only new objects");
            }
            if (!restored.insert(hash, object.facts())) {
              throw inconsistent("object " + object.index() + " (" + object.hash()
                  + ") appears twice");
            }
            runs.add(hash, object.encoding());
            reader.release(object);
            last = object.hash();
            if (++checked % PROGRESS_EVERY == 0) {
              progress.advance(checked);
              progress.checkCancelled();
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProgressError.Interrupted("the context restore's thread was interrupted")
            .toException(e);
      } finally {
        reader.stop();
        if (!done) {
          joinQuietly(thread);
        }
      }
    }

    /**
     * Gives the reader a moment to notice the stop, so it no longer reads the caller's stream;
     * a reader blocked in a read of a stalled stream stays blocked until the caller closes it.
     */
    private static void joinQuietly(Thread thread) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static RuntimeException rethrow(Throwable failure) {
      if (failure instanceof Error error) {
        throw error;
      }
      return (RuntimeException) failure;
    }

    private void check(long index, ObjectHash hash, ContextObject object) {
      if (commitSeen) {
        throw inconsistent("object " + index + " follows the last commit, which must be last");
      }
      if (object instanceof ContextObject.Commit commit) {
        // A dump of one commit is checked against its expected hash at the end, as always; in a
        // dump of several, each commit must be the next expected one as it comes.
        if (expected.size() > 1 && (commitsSeen >= expected.size()
            || !hash.asContextHash().equals(expected.get(commitsSeen)))) {
          throw inconsistent("object " + index + " is commit " + hash.asContextHash()
              + ", where the dump must hold " + (commitsSeen < expected.size()
                  ? "commit " + expected.get(commitsSeen) : "no more commits"));
        }
        commitsSeen++;
        commitSeen = commitsSeen == expected.size();
        requireDirectoryRoot(index, commit.root(), true);
      } else if (object instanceof ContextObject.Leaf leaf) {
        for (Entry entry : leaf.entries()) {
          if (entry.kind() == EntryKind.DIRECTORY) {
            requireDirectoryRoot(index, entry.hash(), false);
          } else if (ObjectFacts.tag(factsOf(index, entry.hash())) != ObjectCodec.TAG_BLOB) {
            throw inconsistent("object " + index + ": the value '" + entry.step()
                + "' points at an object that is not a value");
          }
        }
      } else if (object instanceof ContextObject.Inode inode) {
        checkInode(index, inode);
      }
    }

    private void requireDirectoryRoot(long index, ObjectHash child, boolean mayBeEmpty) {
      byte[] target = factsOf(index, child);
      int tag = ObjectFacts.tag(target);
      int depthOrSize = ObjectFacts.depthOrSize(target);
      boolean root = tag == ObjectCodec.TAG_LEAF && (mayBeEmpty || depthOrSize != 0)
          || tag == ObjectCodec.TAG_INODE && depthOrSize == 0;
      if (!root) {
        throw inconsistent("object " + index + " points at " + child
            + ", which is not the root of a non-empty directory");
      }
    }

    private void checkInode(long index, ContextObject.Inode inode) {
      byte[] prefix = inode.prefix().toArray();
      long total = 0;
      for (int bucket = 0; bucket < 32; bucket++) {
        ObjectHash child = inode.bucket(bucket);
        if (child == null) {
          continue;
        }
        byte[] target = factsOf(index, child);
        int tag = ObjectFacts.tag(target);
        boolean fits = tag == ObjectCodec.TAG_LEAF
            ? ObjectFacts.count(target) > 0 && ObjectFacts.leafFits(target, prefix, bucket)
            : tag == ObjectCodec.TAG_INODE && ObjectFacts.inodeFits(target, prefix, bucket);
        if (!fits) {
          throw inconsistent("object " + index + ": bucket " + bucket + " holds " + child
              + ", which does not belong there (not one level down, or entries that do not hash "
              + "to that bucket)");
        }
        total += ObjectFacts.count(target);
      }
      if (total != inode.count()) {
        throw inconsistent("object " + index + " counts " + inode.count()
            + " entries but its buckets hold " + total);
      }
    }

    /**
     * The facts of {@code child}, which must precede {@code index} in the dump; the child counts
     * as reached from then on.
     */
    private byte[] factsOf(long index, ObjectHash child) {
      byte[] key = child.toArray();
      long slot = restored.slotOf(key);
      if (slot < 0 && held != null) {
        byte[] heldFacts = held.facts(key);
        if (heldFacts == null) {
          throw inconsistent("object " + index + " points at " + child + ", which is neither "
              + "in the parent's context nor before it in the delta");
        }
        return heldFacts;
      }
      if (slot < 0) {
        throw inconsistent("object " + index + " points at " + child
            + ", which does not come before it in the dump");
      }
      restored.read(slot, facts);
      if (restored.setByte(slot, ObjectFacts.REFERENCED, (byte) 1)) {
        referenced++;
      }
      return facts;
    }

    private static CairnException inconsistent(String reason) {
      return new ContextError.InconsistentContext(reason).toException();
    }
  }
}
