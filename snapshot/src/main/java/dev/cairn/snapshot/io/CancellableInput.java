package dev.cairn.snapshot.io;

import dev.cairn.progress.ProgressError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stream that may block for ever (standard input: a pipe whose writer stalls) read so that a
 * request to stop is heard within a fraction of a second: a daemon thread reads ahead into a few
 * bounded chunks, and the reader waits for the next one a little at a time, asking between waits
 * whether it should stop ({@code Interrupted}). The thread may stay blocked on the source after
 * that; it never holds the process up.
 */
final class CancellableInput extends InputStream {

  private static final int CHUNK = 1 << 16;
  private static final int CHUNKS_AHEAD = 8;
  private static final long POLL_MILLIS = 100;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  private final BooleanSupplier cancelled;
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;

  CancellableInput(InputStream source, BooleanSupplier cancelled) {
    this.cancelled = cancelled;
    Thread pump = new Thread(() -> pump(source), "cairn-input");
    pump.setDaemon(true);
    pump.start();
  }

  private void pump(InputStream source) {
    try {
      while (true) {
        byte[] buffer = new byte[CHUNK];
        int read = source.read(buffer);
        if (read < 0) {
          chunks.put(END);
          return;
        }
        if (read > 0) {
          chunks.put(read == CHUNK ? buffer : Arrays.copyOf(buffer, read));
        }
      }
    } catch (IOException e) {
      putQuietly(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void putQuietly(Object item) {
    try {
      chunks.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next chunk, waiting for it in short steps between which a stop request is heard. */
  private boolean fill() throws IOException {
    while (position == current.length) {
      if (ended) {
        return false;
      }
      Object next;
      try {
        next = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProgressError.Interrupted("stopped while waiting for input").toException(e);
      }
      if (next == null) {
        if (cancelled.getAsBoolean()) {
          throw new ProgressError.Interrupted("stopped while waiting for input").toException();
        }
        continue;
      }
      if (next instanceof IOException e) {
        throw e;
      }
      current = (byte[]) next;
      position = 0;
      ended = current == END;
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    return fill() ? current[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }
}
