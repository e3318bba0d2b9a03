package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The exclusive right to write a data directory (an OS lock on its {@code lock} file), or to own
 * a staging, pin or spool directory ({@link OwnedDirectory}, on its {@code owner} file). The file
 * also records the holder's pid for the refusal message. The OS drops the lock when the process
 * dies, so a crash never leaves a directory locked, and a reused pid fools nothing.
 *
 * <p>The OS lock is a POSIX record lock, which the kernel drops when the process closes <em>any</em>
 * descriptor of the file. So this process must never open a second descriptor on a file it has
 * locked: a process-wide registry of the locked files, keyed by their identity (device and inode,
 * whatever path reaches them, as a renamed staging directory's does), refuses it first, as
 * Lucene's native lock factory does, and every check-open-lock runs under one monitor. A lock file
 * is never followed through a symbolic link.
 */
public final class DataDirLock implements AutoCloseable {

  /** The identities of the files this process has locked; guarded by the class's monitor. */
  private static final Set<Object> HELD_IN_THIS_PROCESS = new HashSet<>();

  private final Path lockFile;
  private final Object identity;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path lockFile, Object identity, FileChannel channel, FileLock lock) {
    this.lockFile = lockFile;
    this.identity = identity;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock on {@code lockFile} (created if absent), or fails with {@code Data_dir_locked}. */
  static synchronized DataDirLock acquire(Path dataDir, Path lockFile) {
    Optional<Object> before = identity(lockFile);
    if (before.isPresent() && HELD_IN_THIS_PROCESS.contains(before.get())) {
      throw heldHere(dataDir);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new StoreError.DataDirLocked(dataDir, holder).toException();
      }
      Object identity = identity(lockFile).orElseThrow(() ->
          new NoSuchFileException(lockFile.toString()));
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(false);
      HELD_IN_THIS_PROCESS.add(identity);
      return new DataDirLock(lockFile, identity, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw StoreError.StoreIoFailure.of(lockFile, "lock", e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * The lock on an existing {@code lockFile} if no process holds it (this one included) and the
   * path still names the file locked once the lock is taken; empty otherwise, or if the file is
   * absent or cannot be opened (another user's). Never creates the file.
   */
  static synchronized Optional<DataDirLock> tryAcquire(Path lockFile) {
    Optional<Object> before = identity(lockFile);
    if (before.isEmpty() || HELD_IN_THIS_PROCESS.contains(before.get())) {
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      FileLock lock = tryLock(channel);
      // Between the look and the lock, the file may have been deleted and another made in its
      // place, whose owner is alive: only the file that was looked at may be taken.
      if (lock != null && identity(lockFile).equals(before)) {
        HELD_IN_THIS_PROCESS.add(before.get());
        return Optional.of(new DataDirLock(lockFile, before.get(), channel, lock));
      }
      channel.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      return Optional.empty(); // absent, not ours to open, or not a file: not taken
    }
  }

  /** The file's identity (device and inode), without following a link; empty if absent. */
  private static Optional<Object> identity(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      return Optional.ofNullable(attributes.fileKey() != null ? attributes.fileKey()
          : file.toAbsolutePath().normalize());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // this process holds it through another path
    }
  }

  private static RuntimeException heldHere(Path dataDir) {
    return new StoreError.DataDirLocked(dataDir, "held by this process, pid "
        + ProcessHandle.current().pid()).toException();
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
    synchronized (DataDirLock.class) {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        throw StoreError.StoreIoFailure.of(lockFile, "unlock", e);
      } finally {
        HELD_IN_THIS_PROCESS.remove(identity);
      }
    }
  }
}
