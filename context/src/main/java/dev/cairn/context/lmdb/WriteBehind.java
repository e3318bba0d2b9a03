package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ObjectHash;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.lmdbjava.LmdbException;

/**
 * Commits written to LMDB by a thread of their own, so that the node's thread goes on with the
 * next block while the pages of the last one are written: for contexts that sync on request.
 *
 * <p>A batch is visible from the moment it is handed over: until its transaction commits, reads
 * find its objects in {@link #pending}, and an object leaves {@code pending} only after its
 * transaction has committed, so a read that misses it there finds it in LMDB. At most {@link
 * #MAX_BATCHES} batches wait; a writer thread failure is reported by the next hand-over or {@link
 * #drain}, and every later one. {@link #drain} waits for every batch: GC, dumps, syncs and close
 * call it first.
 */
final class WriteBehind implements AutoCloseable {

  static final int MAX_BATCHES = 4;

  private final ObjectDatabase db;
  private final ExecutorService writer;
  private final Semaphore slots = new Semaphore(MAX_BATCHES);
  private final Map<ObjectHash, byte[]> pending = new ConcurrentHashMap<>();
  private final AtomicLong added = new AtomicLong();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  WriteBehind(ObjectDatabase db) {
    this.db = db;
    this.writer = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "context-writer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Hands {@code batch} over to be written in one transaction; waits while too many wait. */
  void write(Map<ObjectHash, byte[]> batch) {
    rethrowFailure();
    slots.acquireUninterruptibly();
    pending.putAll(batch);
    writer.execute(() -> {
      try {
        if (failure.get() == null) {
          added.addAndGet(db.writeAll(batch));
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } finally {
        batch.keySet().forEach(pending::remove);
        slots.release();
      }
    });
  }

  /** The encoding of an object handed over and perhaps not yet written, or null. */
  byte[] pending(ObjectHash hash) {
    return pending.get(hash);
  }

  /** Objects that the written batches added to LMDB. */
  long added() {
    return added.get();
  }

  /** Waits until every batch handed over is written; throws the writer's failure if any. */
  void drain() {
    slots.acquireUninterruptibly(MAX_BATCHES);
    slots.release(MAX_BATCHES);
    rethrowFailure();
  }

  private void rethrowFailure() {
    RuntimeException e = failure.get();
    if (e != null) {
      if (e instanceof LmdbException lmdb) {
        throw new ContextError.ContextIoFailure(db.dir, "write to the context in",
            lmdb.getMessage()).toException(lmdb);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      slots.acquireUninterruptibly(MAX_BATCHES);
    } finally {
      writer.shutdown();
      try {
        writer.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
