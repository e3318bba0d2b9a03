package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.StepIndex;
import dev.cairn.error.CairnException;
import dev.cairn.store.hash.ContextHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongConsumer;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Builds a fresh context from a dump ({@link DumpFormat}), trusting nothing in it.
 *
 * <p>Each object is hashed as it arrives and decoded with every check its own bytes allow. It is
 * accepted only if everything it points at is already restored and fits: a blob entry points at a
 * blob, a directory entry at a non-empty directory root, an inode's buckets at objects one level
 * deeper with its prefix, whose entries hash into that bucket and whose counts add up. A repeat is
 * refused. The last object, and only it, is a commit, and its hash must be the expected one.
 *
 * <p>The heap holds one object at a time; LMDB itself answers "already restored?". Writes go in
 * batches of transactions without syncs, and the environment is synced once at the end. On any
 * failure the directory is deleted, so no partial state is ever visible as a commit.
 */
public final class ContextRestore {

  private static final int BATCH = 50_000;
  private static final int PROGRESS_EVERY = 8192;

  private ContextRestore() {}

  /**
   * Restores the dump read from {@code in} ({@code length} bytes, or -1 if unknown) into {@code
   * dir}, which must not exist or be empty. Returns the restored commit, equal to {@code expected}.
   */
  public static ContextHash restore(Path dir, InputStream in, long length, ContextHash expected,
      LongConsumer progress) {
    requireFresh(dir);
    boolean done = false;
    try (ObjectDatabase db = ObjectDatabase.open(dir, true, EnvFlags.MDB_NOSYNC,
        EnvFlags.MDB_NOMETASYNC)) {
      ContextHash restored = new Writer(db, in, length, progress).run();
      if (!restored.equals(expected)) {
        throw new ContextError.InconsistentContextHash(expected, restored).toException();
      }
      db.env.sync(true);
      done = true;
      return restored;
    } catch (LmdbException e) {
      throw new ContextError.ContextIoFailure(dir, "restore the context into", e.getMessage())
          .toException(e);
    } finally {
      if (!done) {
        ScratchDirectory.delete(dir);
      }
    }
  }

  private static void requireFresh(Path dir) {
    try (var entries = Files.exists(dir) ? Files.list(dir) : java.util.stream.Stream.<Path>empty()) {
      if (entries.findAny().isPresent()) {
        throw new ContextError.ContextIoFailure(dir, "restore into", "the directory is not empty")
            .toException();
      }
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(dir, "restore into", e).toException(e);
    }
  }

  /** The second stage, on the caller's thread: checks each object and writes it. */
  private static final class Writer {
    private final ObjectDatabase db;
    private final DumpReader reader;
    private final LongConsumer progress;
    private Txn<ByteBuffer> txn;
    private boolean commitSeen;

    Writer(ObjectDatabase db, InputStream in, long length, LongConsumer progress) {
      this.db = db;
      this.reader = new DumpReader(in, length);
      this.progress = progress;
    }

    ContextHash run() {
      Thread thread = new Thread(reader, "context-restore-reader");
      thread.setDaemon(true);
      thread.start();
      txn = db.env.txnWrite();
      try {
        ObjectHash last = null;
        long written = 0;
        while (true) {
          DumpReader.Batch batch = reader.next();
          if (batch instanceof DumpReader.Failed failed) {
            throw rethrow(failed.failure());
          }
          if (batch instanceof DumpReader.End end) {
            if (!commitSeen) {
              throw inconsistent("the last object is not a commit");
            }
            txn.commit();
            progress.accept(end.count());
            return last.asContextHash();
          }
          for (DumpReader.Parsed object : ((DumpReader.Objects) batch).objects()) {
            check(object.index(), object.hash(), object.object());
            if (!db.putNew(txn, object.hash().toArray(), object.encoding())) {
              throw inconsistent("object " + object.index() + " (" + object.hash()
                  + ") appears twice");
            }
            last = object.hash();
            if (++written % BATCH == 0) {
              txn.commit();
              txn.close();
              txn = db.env.txnWrite();
            }
            if (written % PROGRESS_EVERY == 0) {
              progress.accept(written);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContextError.CannotRead("interrupted").toException(e);
      } finally {
        reader.stop();
        txn.close();
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
        throw inconsistent("object " + index + " follows the commit, which must be last");
      }
      if (object instanceof ContextObject.Commit commit) {
        commitSeen = true;
        requireDirectoryRoot(index, commit.root(), true);
        return;
      }
      if (object instanceof ContextObject.Leaf leaf) {
        for (Entry entry : leaf.entries()) {
          if (entry.kind() == EntryKind.BLOB) {
            if (tag(index, entry.hash()).get(0) != ObjectCodec.TAG_BLOB) {
              throw inconsistent("object " + index + ": the value '" + entry.step()
                  + "' points at an object that is not a value");
            }
          } else {
            requireDirectoryRoot(index, entry.hash(), false);
          }
        }
      } else if (object instanceof ContextObject.Inode inode) {
        checkInode(index, inode);
      }
    }

    private void requireDirectoryRoot(long index, ObjectHash child, boolean mayBeEmpty) {
      ByteBuffer target = tag(index, child);
      int tag = target.get(0);
      boolean root = tag == ObjectCodec.TAG_LEAF && (mayBeEmpty || target.get(1) != 0)
          || tag == ObjectCodec.TAG_INODE && target.get(1) == 0;
      if (!root) {
        throw inconsistent("object " + index + " points at " + child
            + ", which is not the root of a non-empty directory");
      }
    }

    private void checkInode(long index, ContextObject.Inode inode) {
      byte[] prefix = inode.prefix().toArray();
      long total = 0;
      for (int bucket = 0; bucket < StepIndex.BUCKETS; bucket++) {
        ObjectHash child = inode.bucket(bucket);
        if (child == null) {
          continue;
        }
        byte[] childPrefix = Arrays.copyOf(prefix, prefix.length + 1);
        childPrefix[prefix.length] = (byte) bucket;
        ByteBuffer target = tag(index, child);
        int tag = target.get(0);
        if (tag == ObjectCodec.TAG_LEAF) {
          byte[] copy = new byte[target.remaining()];
          target.duplicate().get(copy);
          ContextObject.Leaf leaf = (ContextObject.Leaf) ObjectCodec.decode(copy);
          if (leaf.entries().isEmpty()) {
            throw inconsistent("object " + index + " has an empty bucket " + bucket);
          }
          for (Entry entry : leaf.entries()) {
            if (!StepIndex.of(entry.step()).hasPrefix(childPrefix)) {
              throw inconsistent("object " + index + ": '" + entry.step()
                  + "' is in a bucket it does not hash to");
            }
          }
          total += leaf.entries().size();
        } else if (tag == ObjectCodec.TAG_INODE && target.get(1) == inode.depth() + 1) {
          byte[] actual = new byte[childPrefix.length];
          target.duplicate().position(2).get(actual);
          if (!Arrays.equals(actual, childPrefix)) {
            throw inconsistent("object " + index + ": bucket " + bucket
                + " holds an inode from another place");
          }
          total += target.getLong(2 + childPrefix.length);
        } else {
          throw inconsistent("object " + index + ": bucket " + bucket
              + " holds an object that is not one level down of the same directory");
        }
      }
      if (total != inode.count()) {
        throw inconsistent("object " + index + " counts " + inode.count()
            + " entries but its buckets hold " + total);
      }
    }

    /** The restored object {@code child}, which must precede {@code index} in the dump. */
    private ByteBuffer tag(long index, ObjectHash child) {
      ByteBuffer target = db.get(txn, child.toArray());
      if (target == null) {
        throw inconsistent("object " + index + " points at " + child
            + ", which does not come before it in the dump");
      }
      return target;
    }





    private static CairnException inconsistent(String reason) {
      return new ContextError.InconsistentContext(reason).toException();
    }
  }
}
