package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectFormatException;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CairnException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The first stage of a restore, on a thread of its own: reads a dump's frames, checking each
 * length before allocating it, and hashes and decodes each object, handing them on in batches
 * through a small bounded queue. What it holds is bounded by the queue: at most {@link #QUEUED}
 * batches of about {@link #BATCH_BYTES} each (one object can add up to 16 MiB to a batch).
 */
final class DumpReader implements Runnable {

  /** An object read, hashed, decoded, with its facts; {@code index} is its place in the dump. */
  record Parsed(long index, byte[] encoding, ObjectHash hash, ContextObject object,
      byte[] facts) {}

  /** What goes through the queue: objects, then the end (with the count) or a failure. */
  sealed interface Batch {}

  record Objects(List<Parsed> objects) implements Batch {}

  record End(long count) implements Batch {}

  record Failed(Throwable failure) implements Batch {}

  private static final int QUEUED = 4;
  private static final int BATCH_BYTES = 1 << 20;
  private static final int BATCH_OBJECTS = 2048;

  private final DataInputStream in;
  private final long length;
  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
  private volatile boolean stopped;
  private long consumed;

  DumpReader(InputStream in, long length) {
    this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    this.length = length;
  }

  /** The next batch; blocks until the reader has one. */
  Batch next() throws InterruptedException {
    return queue.take();
  }

  /** Asks the reader to stop at its next object (the consumer failed or was interrupted). */
  void stop() {
    stopped = true;
    queue.clear();
  }

  @Override
  public void run() {
    try {
      long count = readCount();
      List<Parsed> batch = new ArrayList<>();
      long batchBytes = 0;
      for (long index = 0; index < count && !stopped; index++) {
        byte[] encoding = readObject(index);
        ContextObject object = decode(index, encoding);
        batch.add(new Parsed(index, encoding, ObjectHash.ofEncoding(encoding), object,
            ObjectFacts.of(object)));
        batchBytes += encoding.length;
        if (batch.size() >= BATCH_OBJECTS || batchBytes >= BATCH_BYTES) {
          hand(new Objects(batch));
          batch = new ArrayList<>();
          batchBytes = 0;
        }
      }
      hand(new Objects(batch));
      expectEnd();
      hand(new End(count));
    } catch (Throwable e) {
      hand(new Failed(e));
    }
  }

  private void hand(Batch batch) {
    try {
      while (!stopped && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        // The consumer is busy; check for a stop now and then.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
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

  private static ContextObject decode(long index, byte[] encoding) {
    try {
      return ObjectCodec.decode(encoding);
    } catch (ObjectFormatException e) {
      throw cannotRead("object " + index + " is malformed: " + e.getMessage());
    }
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
    return new ContextError.CannotRead(reason == null ? "read error" : reason).toException();
  }
}
