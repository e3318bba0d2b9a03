package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.error.CairnException;
import dev.cairn.context.object.ObjectHash;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private boolean closed;

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
    if (closed) {
      throw new IllegalStateException("the context is closed");
    }
    rethrowFailure();
    slots.acquireUninterruptibly();
    pending.putAll(batch);
    writer.execute(() -> {
      try {
        if (failure.get() == null) {
          added.addAndGet(db.writeAll(batch));
        }
      } catch (Throwable e) { // an Error too: the batch is lost, and every later call must say so
        failure.compareAndSet(null, e);
      } finally {
        batch.keySet().forEach(pending::remove);
        slots.release();
      }
    });
  }

  /**
   * The encoding of an object handed over and perhaps not yet written, or null. After a failed
   * write, throws that failure: the lost batch's objects would otherwise read as absent.
   */
  byte[] pending(ObjectHash hash) {
    byte[] encoding = pending.get(hash);
    if (encoding == null) {
      rethrowFailure();
    }
    return encoding;
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
    Throwable e = failure.get();
    if (e == null) {
      return;
    }
    if (e instanceof CairnException typed) {
      throw typed;
    }
    throw new ContextError.ContextIoFailure(db.dir, "write to the context in", String.valueOf(e))
        .toException(e);
  }

  /** Waits for the batches handed over, then stops the thread; a second close does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      slots.acquireUninterruptibly(MAX_BATCHES);
      slots.release(MAX_BATCHES);
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
