package dev.cairn.context.lmdb;

import dev.cairn.context.Context;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.store.hash.ContextHash;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * Mark and sweep with a bounded heap. Mark: walk every kept commit into a {@link MappedHashTable}
 * (walks share the set, so a subtree common to many commits is walked once). Sweep: scan the
 * objects in key order and delete those not marked, committing every {@link #BATCH} deletions.
 * Only unreachable objects are ever deleted, and each batch is an LMDB transaction, so a GC
 * killed at any point leaves every kept commit whole; the next GC finishes the job.
 */
final class GarbageCollector {

  static final int BATCH = 20_000;

  private GarbageCollector() {}

  static Context.GcSummary collect(ObjectDatabase db, Collection<ContextHash> keep,
      Path scratchParent) {
    try (MappedHashTable marks = MappedHashTable.createSet(scratchParent)) {
      long reachable = mark(db, keep, marks);
      return new Context.GcSummary(reachable, sweep(db, marks));
    }
  }

  private static long mark(ObjectDatabase db, Collection<ContextHash> keep, MappedHashTable marks) {
    long[] reachable = {0};
    try (Txn<ByteBuffer> txn = db.env.txnRead()) {
      for (ContextHash commit : keep) {
        if (db.get(txn, commit.bytes().toArray()) == null) {
          continue;
        }
        ObjectWalk.walk(ObjectHash.of(commit), hash -> db.load(txn, hash), marks::add,
            (hash, encoding) -> reachable[0]++);
      }
    }
    return reachable[0];
  }

  private static long sweep(ObjectDatabase db, MappedHashTable marks) {
    long deleted = 0;
    byte[] resumeAfter = null;
    while (true) {
      List<byte[]> doomed = new ArrayList<>();
      boolean more;
      try (Txn<ByteBuffer> txn = db.env.txnWrite()) {
        try (Cursor<ByteBuffer> cursor = db.objects.openCursor(txn)) {
          more = resumeAfter == null
              ? cursor.seek(SeekOp.MDB_FIRST)
              : cursor.get(ObjectDatabase.key(resumeAfter), GetOp.MDB_SET_RANGE);
          while (more && doomed.size() < BATCH) {
            byte[] key = new byte[ObjectHash.LENGTH];
            cursor.key().duplicate().get(key);
            if (resumeAfter == null || !Arrays.equals(key, resumeAfter)) {
              if (!marks.contains(key)) {
                doomed.add(key);
              }
              resumeAfter = key;
            }
            more = cursor.seek(SeekOp.MDB_NEXT);
          }
        }
        for (byte[] key : doomed) {
          db.objects.delete(txn, ObjectDatabase.key(key));
        }
        txn.commit();
      }
      deleted += doomed.size();
      if (!more) {
        return deleted;
      }
    }
  }
}
