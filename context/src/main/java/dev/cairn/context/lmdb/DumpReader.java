package dev.cairn.context.lmdb;

import com.google.common.io.ByteStreams;
import dev.cairn.context.ContextError;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectFormatException;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The first stage of a restore, on a thread of its own: reads a dump's frames, checking each
 * length before allocating it, and hashes and decodes each object, handing them on in batches
 * through a queue. The bytes in flight (read and not yet taken up by the checker) are bounded by
 * {@link #IN_FLIGHT_BYTES}: the reader reserves an object's size before allocating it, and the
 * checker gives it back once it has kept the object.
 */
final class DumpReader implements Runnable {

  /**
   * An object read, hashed, with its facts; {@code index} is its place in the dump. {@code object}
   * is the decoded object, or null for a blob (nothing in a blob needs checking, and its data need
   * not be held twice).
   */
  record Parsed(long index, byte[] encoding, ObjectHash hash, ContextObject object,
      byte[] facts) {}

  /**
   * What goes through the queue: the count the dump declares, objects, then the end (with the
   * count) or a failure.
   */
  sealed interface Batch {}

  /**
   * The count the dump declares, first, if its length bounds it (else 0): not yet checked against
   * its objects.
   */
  record Start(long count) implements Batch {}

  record Objects(List<Parsed> objects) implements Batch {}

  record End(long count) implements Batch {}

  record Failed(Throwable failure) implements Batch {}

  private static final int QUEUED = 16;
  private static final int BATCH_BYTES = 1 << 20;
  private static final int BATCH_OBJECTS = 2048;
  /** 32 MiB, or an eighth of the heap if that is less: the restore fits any heap it runs in. */
  static final int IN_FLIGHT_BYTES = (int) Math.min(32 << 20,
      Runtime.getRuntime().maxMemory() / 8);

  private final DataInputStream in;
  private final long length;
  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT_BYTES);
  private volatile boolean stopped;
  private long consumed;

  DumpReader(InputStream in, long length) {
    // With a known length, never read past it: the stream may go on with something else.
    InputStream bounded = length >= 0 ? ByteStreams.limit(in, length) : in;
    this.in = new DataInputStream(new BufferedInputStream(bounded, 1 << 16));
    this.length = length;
  }

  /** The next batch, or null if none came within {@code millis}. */
  Batch next(long millis) throws InterruptedException {
    return queue.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Gives back the room an object took, once the checker has kept it. */
  void release(Parsed object) {
    inFlight.release(reservation(object.encoding().length));
  }

  private static int reservation(long size) {
    return (int) Math.min(size, IN_FLIGHT_BYTES);
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
      // A count is a claim; only one bounded by a known length may size anything ahead.
      hand(new Start(length < 0 ? 0 : count));
      List<Parsed> batch = new ArrayList<>();
      long batchBytes = 0;
      for (long index = 0; index < count && !stopped; index++) {
        long size = readSize(index);
        if (!batch.isEmpty() && (batch.size() >= BATCH_OBJECTS || batchBytes + size > BATCH_BYTES)) {
          hand(new Objects(batch));
          batch = new ArrayList<>();
          batchBytes = 0;
        }
        if (!reserve(size)) {
          return;
        }
        byte[] encoding = readEncoding(index, size);
        ContextObject object = encoding[0] == ObjectCodec.TAG_BLOB ? null : decode(index, encoding);
        batch.add(new Parsed(index, encoding, ObjectHash.ofEncoding(encoding), object,
            object == null ? ObjectFacts.ofBlob() : ObjectFacts.of(object)));
        batchBytes += size;
      }
      hand(new Objects(batch));
      expectEnd();
      hand(new End(count));
    } catch (Throwable e) {
      hand(new Failed(e));
    }
  }

  /** Waits for room for {@code size} bytes; false if asked to stop meanwhile. */
  private boolean reserve(long size) throws InterruptedException {
    while (!inFlight.tryAcquire(reservation(size), 100, TimeUnit.MILLISECONDS)) {
      if (stopped) {
        return false;
      }
    }
    return true;
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

  private long readSize(long index) {
    long size = Integer.toUnsignedLong(readInt(index));
    if (size == 0 || size > ObjectCodec.MAX_OBJECT_BYTES) {
      throw cannotRead("object " + index + " has a length of " + size + " bytes");
    }
    if (length >= 0 && size > length - consumed) {
      throw cannotRead("object " + index + " claims " + size + " bytes but only "
          + (length - consumed) + " remain");
    }
    return size;
  }

  private byte[] readEncoding(long index, long size) {
    byte[] encoding = new byte[(int) size];
    try {
      in.readFully(encoding);
    } catch (EOFException e) {
      throw cannotRead("truncated in object " + index);
    } catch (IOException e) {
      throw cannotRead(CauseText.of(e));
    }
    consumed += size;
    return encoding;
  }

  private static ContextObject decode(long index, byte[] encoding) {
    try {
      return ObjectCodec.decode(encoding);
    } catch (ObjectFormatException e) {
      throw cannotRead("object " + index + " is malformed: " + CauseText.of(e));
    }
  }

  /**
   * After the last object: with a known length, exactly that many bytes were read (and no more are
   * asked of the stream, which may go on); without one, the stream ends here.
   */
  private void expectEnd() {
    if (length >= 0) {
      if (consumed != length) {
        throw cannotRead((length - consumed) + " unexpected bytes after the last object");
      }
      return;
    }
    try {
      if (in.read() >= 0) {
        throw cannotRead("unexpected bytes after the last object");
      }
    } catch (IOException e) {
      throw cannotRead(CauseText.of(e));
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
      throw cannotRead(CauseText.of(e));
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
      throw cannotRead(CauseText.of(e));
    }
  }

  private static CairnException cannotRead(String reason) {
    return new ContextError.MalformedDump(reason == null ? "read error" : reason).toException();
  }
}
