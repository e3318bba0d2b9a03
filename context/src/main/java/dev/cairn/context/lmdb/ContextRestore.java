package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectFormatException;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.StepIndex;
import dev.cairn.error.CairnException;
import dev.cairn.store.hash.ContextHash;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
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
      ContextHash restored = new Reader(db, in, length, progress).run();
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
        ScratchSet.deleteTree(dir);
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

  private static final class Reader {
    private final ObjectDatabase db;
    private final DataInputStream in;
    private final long length;
    private final LongConsumer progress;
    private long consumed;
    private Txn<ByteBuffer> txn;

    Reader(ObjectDatabase db, InputStream in, long length, LongConsumer progress) {
      this.db = db;
      this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
      this.length = length;
      this.progress = progress;
    }

    ContextHash run() {
      txn = db.env.txnWrite();
      try {
        long count = readCount();
        ObjectHash last = null;
        for (long index = 0; index < count; index++) {
          byte[] encoding = readObject(index);
          ObjectHash hash = ObjectHash.ofEncoding(encoding);
          check(index, count, hash, decode(index, encoding));
          if (!db.putIfAbsent(txn, hash.toArray(), encoding)) {
            throw inconsistent("object " + index + " (" + hash + ") appears twice");
          }
          last = hash;
          if ((index + 1) % BATCH == 0) {
            txn.commit();
            txn.close();
            txn = db.env.txnWrite();
          }
          if ((index + 1) % PROGRESS_EVERY == 0) {
            progress.accept(index + 1);
          }
        }
        expectEnd();
        txn.commit();
        progress.accept(count);
        return last.asContextHash();
      } finally {
        txn.close();
      }
    }

    private long readCount() {
      long count = readLong();
      long most = length < 0 ? Long.MAX_VALUE
          : (length - DumpFormat.HEADER_BYTES) / DumpFormat.MIN_FRAMED_OBJECT;
      if (count < 1 || count > most) {
        throw cannotRead("a count of " + Long.toUnsignedString(count) + " objects"
            + (length < 0 ? "" : " in a dump of " + length + " bytes"));
      }
      return count;
    }

    private byte[] readObject(long index) {
      long size = Integer.toUnsignedLong(readInt(index));
      if (size == 0 || size > ObjectCodec.MAX_OBJECT_BYTES) {
        throw cannotRead("object " + index + " has a length of " + size + " bytes");
      }
      if (length >= 0 && size > length - consumed) {
        throw cannotRead("object " + index + " claims " + size + " bytes but only "
            + (length - consumed) + " remain");
      }
      byte[] encoding = new byte[(int) size];
      try {
        in.readFully(encoding);
      } catch (EOFException e) {
        throw cannotRead("truncated in object " + index);
      } catch (IOException e) {
        throw cannotRead(e.getMessage());
      }
      consumed += size;
      return encoding;
    }

    private ContextObject decode(long index, byte[] encoding) {
      try {
        return ObjectCodec.decode(encoding);
      } catch (ObjectFormatException e) {
        throw cannotRead("object " + index + " is malformed: " + e.getMessage());
      }
    }

    private void check(long index, long count, ObjectHash hash, ContextObject object) {
      boolean isLast = index == count - 1;
      if (object instanceof ContextObject.Commit commit) {
        if (!isLast) {
          throw inconsistent("object " + index + " is a commit but is not the last object");
        }
        requireDirectoryRoot(index, commit.root(), true);
        return;
      }
      if (isLast) {
        throw inconsistent("the last object is not a commit");
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

    private void expectEnd() {
      try {
        if (in.read() >= 0) {
          throw cannotRead("unexpected bytes after the last object");
        }
      } catch (IOException e) {
        throw cannotRead(e.getMessage());
      }
    }

    private long readLong() {
      try {
        long value = in.readLong();
        consumed += 8;
        return value;
      } catch (EOFException e) {
        throw cannotRead("truncated in the object count");
      } catch (IOException e) {
        throw cannotRead(e.getMessage());
      }
    }

    private int readInt(long index) {
      try {
        int value = in.readInt();
        consumed += 4;
        return value;
      } catch (EOFException e) {
        throw cannotRead("truncated before object " + index);
      } catch (IOException e) {
        throw cannotRead(e.getMessage());
      }
    }

    private static CairnException cannotRead(String reason) {
      return new ContextError.CannotRead(reason).toException();
    }

    private static CairnException inconsistent(String reason) {
      return new ContextError.InconsistentContext(reason).toException();
    }
  }
}
