package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive right to write a data directory (an OS lock on its {@code lock} file), or to own
 * a staging, pin or spool directory ({@link OwnedDirectory}, on its {@code owner} file). The file
 * also records the holder's pid for the refusal message. The OS drops the lock when the process
 * dies, so a crash never leaves a directory locked, and a reused pid fools nothing.
 *
 * <p>The OS lock is a POSIX record lock, which the kernel drops when the process closes <em>any</em>
 * descriptor of the file. So a second attempt from this same process must never open the file: a
 * process-wide registry refuses it first, as Lucene's native lock factory does.
 */
public final class DataDirLock implements AutoCloseable {

  private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path lockFile, FileChannel channel, FileLock lock) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir, Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    if (!HELD_IN_THIS_PROCESS.add(key)) {
      throw new StoreError.DataDirLocked(dataDir, "held by this process, pid "
          + ProcessHandle.current().pid()).toException();
    }
    try {
      return lockAcrossProcesses(dataDir, key);
    } catch (RuntimeException e) {
      HELD_IN_THIS_PROCESS.remove(key);
      throw e;
    }
  }

  /**
   * The lock on an existing {@code lockFile} if no process holds it (this one included); empty if
   * one does or the file is absent. Never creates the file.
   */
  static Optional<DataDirLock> tryAcquire(Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    if (!HELD_IN_THIS_PROCESS.add(key)) {
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new DataDirLock(key, channel, lock));
      }
      channel.close();
    } catch (NoSuchFileException e) {
      // absent: nobody holds it
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_IN_THIS_PROCESS.remove(key);
      throw StoreError.StoreIoFailure.of(key, "lock", e);
    }
    HELD_IN_THIS_PROCESS.remove(key);
    return Optional.empty();
  }

  private static DataDirLock lockAcrossProcesses(Path dataDir, Path lockFile) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new StoreError.DataDirLocked(dataDir, holder).toException();
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(false);
      return new DataDirLock(lockFile, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw StoreError.StoreIoFailure.of(lockFile, "lock", e);
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    return text.isEmpty() ? "pid unknown" : text;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException suppressed) {
      // The lock failure being reported matters more than a failure to close.
      return;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(lockFile, "unlock", e);
    } finally {
      HELD_IN_THIS_PROCESS.remove(lockFile);
    }
  }
}
