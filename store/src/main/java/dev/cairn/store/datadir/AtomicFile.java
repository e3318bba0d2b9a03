package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A file written whole or not at all: {@code <target>.part}, fsync, atomic rename, fsync of the
 * directory. {@link #close()} without {@link #commit()} deletes the part file.
 *
 * <p>{@link #createNew} is for a file that must replace nothing and must never be readable by
 * others, not even while it is written (a secret key): its part file is created, never reused,
 * with the permissions asked for, and {@link #commit()} gives it its name only if the name is
 * still free.
 */
public final class AtomicFile implements AutoCloseable {

  /** The suffix of files being written; such files are garbage after a crash. */
  public static final String PART_SUFFIX = ".part";

  private static final SecureRandom UNIQUE = new SecureRandom();

  private final Path target;
  private final Path part;
  private final FileChannel channel;
  private final boolean replaces;
  private boolean committed;

  private AtomicFile(Path target, Path part) throws IOException {
    this.target = target;
    this.part = part;
    this.replaces = true;
    // A stale part (an earlier crash's) is overwritten, but a link there is never followed.
    this.channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
  }

  private AtomicFile(Path target, Set<PosixFilePermission> permissions) throws IOException {
    this.target = target;
    this.part = partOf(target);
    this.replaces = false;
    // Created with these permissions at most (the umask may take some away, never add one), then
    // given exactly these before anything is written: never more open than asked, not for an
    // instant. CREATE_NEW neither reuses a file nor follows a link left under the part's name.
    this.channel = FileChannel.open(part, Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(permissions));
    try {
      Files.setPosixFilePermissions(part, permissions);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(part);
      throw e;
    }
  }

  private static Path partOf(Path target) {
    return target.resolveSibling(target.getFileName() + PART_SUFFIX);
  }

  /**
   * Starts writing {@code target}; a stale part file from an earlier crash is overwritten (a link
   * there is refused, never followed).
   */
  public static AtomicFile create(Path target) {
    try {
      return new AtomicFile(target, partOf(target));
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target, "create", e);
    }
  }

  /**
   * Starts writing {@code target}, to replace it, through a part file of a name of its own (so
   * that two writers of one file, which nothing else keeps apart, never share a part file); the
   * last commit wins.
   */
  public static AtomicFile createUnique(Path target) {
    Path part = target.resolveSibling("." + target.getFileName() + "."
        + Long.toUnsignedString(UNIQUE.nextLong(), 36) + PART_SUFFIX);
    try {
      Files.createFile(part); // new, never a link followed
      return new AtomicFile(target, part);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(part, "create", e);
    }
  }

  /**
   * Starts writing {@code target}, which must not exist when {@link #commit()} gives it its name:
   * the part file is created new with exactly {@code permissions} (on a file system with POSIX
   * permissions). A part file already there is refused ({@code Store_io_failure}, "it already
   * exists"), not reused: it may be another writer's, or an interrupted one's to be looked at.
   */
  public static AtomicFile createNew(Path target, Set<PosixFilePermission> permissions) {
    try {
      return new AtomicFile(target, Set.copyOf(permissions));
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(partOf(target), "create", e);
    }
  }

  /** Writes {@code content} to {@code target} atomically. */
  public static void write(Path target, byte[] content) {
    try (AtomicFile file = create(target)) {
      file.write(ByteBuffer.wrap(content));
      file.commit();
    }
  }

  /** The channel to write through; positioned writes are allowed. */
  public FileChannel channel() {
    return channel;
  }

  /** Writes all of {@code buffer} at the channel's position. */
  public void write(ByteBuffer buffer) {
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(part, "write", e);
    }
  }

  /**
   * Makes the file durable and visible under its name. A file {@linkplain #createNew created
   * new} replaces nothing: if the name is taken (by anything, a dangling link too) this throws
   * {@code Store_io_failure} ("it already exists") and {@link #close()} deletes the part file.
   */
  public void commit() {
    try {
      if (!DeferredSync.covers(target)) {
        channel.force(true);
      }
      channel.close();
      if (replaces) {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        publishWithoutReplacing();
      }
      fsyncDirectory(target.toAbsolutePath().getParent());
      committed = true;
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target, "commit", e);
    }
  }

  /**
   * Links the part file under the target's name, which fails if the name is taken, then unlinks
   * the part. Where the file system has no hard links, a rename after a check (which a writer
   * racing for the same name could slip between).
   */
  private void publishWithoutReplacing() throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    boolean linked;
    try {
      Files.createLink(target, part);
      linked = true;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      linked = false;
    }
    if (linked) {
      Files.delete(part);
    } else {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      channel.close();
      Files.deleteIfExists(part);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(part, "abort", e);
    }
  }

  /** Makes the directory's entries (renames, creations, deletions) durable. */
  public static void fsyncDirectory(Path directory) {
    if (DeferredSync.covers(directory)) {
      return;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(directory, "fsync", e);
    }
  }

  /** Deletes {@code path} if present and makes the deletion durable. */
  public static void deleteDurably(Path path) {
    try {
      if (Files.deleteIfExists(path)) {
        fsyncDirectory(path.getParent());
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "delete", e);
    }
  }

}
