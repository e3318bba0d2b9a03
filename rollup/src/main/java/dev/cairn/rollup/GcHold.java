package dev.cairn.rollup;

import dev.cairn.store.StoreError;
import dev.cairn.store.datadir.RollupDataDir;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The one critical section between a running rollup node and an export of its directory: while
 * an export chooses its levels and reads their states, the node does not collect states (it
 * keeps making levels). An OS lock on {@code gc.hold}: the export waits for a collection under
 * way to end; the node skips a collection while an export holds it, and collects at its next
 * round.
 */
public final class GcHold implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private GcHold(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the hold, waiting for a collection under way to end. */
  public static GcHold take(RollupDataDir dir) {
    FileChannel channel = open(dir);
    try {
      return new GcHold(channel, channel.lock());
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel); // an export in this process already holds it: exports do not nest
      throw new IllegalStateException("the GC hold of " + dir + " is held in this process", e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw StoreError.StoreIoFailure.of(dir.gcHoldFile(), "lock", e);
    }
  }

  /** Takes the hold if no one has it: empty while an export reads. */
  public static Optional<GcHold> tryTake(RollupDataDir dir) {
    FileChannel channel = open(dir);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        closeQuietly(channel);
        return Optional.empty();
      }
      return Optional.of(new GcHold(channel, lock));
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel); // held in this process: by an export running in it
      return Optional.empty();
    } catch (IOException e) {
      closeQuietly(channel);
      throw StoreError.StoreIoFailure.of(dir.gcHoldFile(), "lock", e);
    }
  }

  private static FileChannel open(RollupDataDir dir) {
    try {
      return FileChannel.open(dir.gcHoldFile(), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dir.gcHoldFile(), "open", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing releases the lock anyway.
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel releases it.
    } finally {
      closeQuietly(channel);
    }
  }
}
