package dev.cairn.store.datadir;

import dev.cairn.error.CairnException;
import dev.cairn.store.StoreError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A directory that belongs to a running process for as long as it runs: an import's staging
 * directory, a pinned reader's links, an export's spool. The owner holds an OS lock on the
 * directory's {@link DataDir#OWNER_FILE} file ({@link DataDirLock}); the OS drops it when the
 * process dies, however it dies. So a directory is abandoned exactly when no process holds that
 * lock, which no reused pid can fake, and whoever finds it so may delete it.
 *
 * <p>{@link #close()} deletes the directory and releases it; {@link #releaseAt(Path)} releases one
 * that has been renamed into its final place (an import that landed), deleting only the owner
 * file. A directory with no owner file is either being created (its owner file comes a moment
 * after it) or was left by a process that died in that moment: it counts as abandoned only once
 * it is older than {@link #GRACE}, so that a sweep never takes a directory from under its
 * creator. Sweeps are best effort: a directory that cannot be inspected or deleted (another
 * user's, say) is left where it is.
 */
public final class OwnedDirectory implements AutoCloseable {

  /** How old a directory without an owner file must be before it counts as abandoned. */
  static final Duration GRACE = Duration.ofMinutes(1);

  private final Path path;
  private DataDirLock lock;

  private OwnedDirectory(Path path, DataDirLock lock) {
    this.path = path;
    this.lock = lock;
  }

  /** Creates {@code dir} (its parent must exist; it must not) and takes ownership of it. */
  public static OwnedDirectory create(Path dir) {
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      throw new StoreError.DataDirLocked(dir, "another process has just created it")
          .toException(e);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dir, "create", e);
    }
    try {
      return new OwnedDirectory(dir, DataDirLock.acquire(dir, dir.resolve(DataDir.OWNER_FILE)));
    } catch (RuntimeException e) {
      FileTree.deleteQuietly(dir);
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  /**
   * Whether {@code dir} is a directory no live process owns (and so may be deleted); false for
   * one that this process or another owns, and for anything that is not a directory.
   */
  public static boolean isAbandoned(Path dir) {
    return whileAbandoned(dir, () -> {}, true);
  }

  /**
   * Whether {@code dir} carries an owner file (a regular file, links not followed): a directory
   * some Cairn process made, rather than one that only has a name like it.
   */
  public static boolean hasOwnerFile(Path dir) {
    return Files.isRegularFile(dir.resolve(DataDir.OWNER_FILE), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Deletes {@code dir} if it carries an owner file that no process holds, holding the lock
   * meanwhile so that nobody takes it over half-deleted; returns whether it did. A directory
   * without an owner file is never deleted here: beside a data directory or a destination, a
   * name like ours is not enough to make it ours.
   */
  public static boolean deleteIfAbandoned(Path dir) {
    return whileAbandoned(dir, () -> FileTree.delete(dir), false);
  }

  /**
   * Runs {@code action} while holding the owner lock of {@code dir}, if {@code dir} carries an
   * owner file that no process holds; returns whether it ran.
   */
  public static boolean runIfAbandoned(Path dir, Runnable action) {
    return whileAbandoned(dir, action, false);
  }

  /**
   * Deletes every abandoned directory in {@code parent} whose name {@code names} accepts, as far
   * as it can: one that cannot be inspected or deleted is left.
   */
  public static void deleteAbandoned(Path parent, Predicate<String> names) {
    if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> candidates;
    try (Stream<Path> entries = Files.list(parent)) {
      candidates = entries.filter(p -> names.test(p.getFileName().toString())).toList();
    } catch (IOException | UncheckedIOException e) {
      return; // nothing swept: what is there stays for the next sweep
    }
    for (Path candidate : candidates) {
      try {
        // Inside a directory of ours (pins/): one whose owner died before it locked is ours too.
        whileAbandoned(candidate, () -> FileTree.delete(candidate), true);
      } catch (CairnException e) {
        continue; // another user's, or going away under us: not ours to insist on
      }
    }
  }

  private static boolean whileAbandoned(Path dir, Runnable action, boolean ownerlessAfterGrace) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path owner = dir.resolve(DataDir.OWNER_FILE);
    if (!Files.exists(owner, LinkOption.NOFOLLOW_LINKS)) {
      if (!ownerlessAfterGrace || !olderThanGrace(dir)) {
        return false; // being created: its owner file comes next
      }
      action.run();
      return true;
    }
    Optional<DataDirLock> taken = DataDirLock.tryAcquire(owner);
    if (taken.isEmpty()) {
      return false;
    }
    try (DataDirLock held = taken.get()) {
      action.run();
      return true;
    }
  }

  private static boolean olderThanGrace(Path dir) {
    try {
      Instant modified = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
      return modified.plus(GRACE).isBefore(Instant.now());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Deletes the owner file of {@code dir} (and nothing else) if no process holds it: what a
   * process that renamed its directory into place and then died left.
   */
  public static void deleteOwnerFileIfAbandoned(Path dir) {
    Path owner = dir.resolve(DataDir.OWNER_FILE);
    if (!Files.isRegularFile(owner, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Optional<DataDirLock> taken = DataDirLock.tryAcquire(owner);
    if (taken.isPresent()) {
      try (DataDirLock held = taken.get()) {
        Files.deleteIfExists(owner);
      } catch (IOException e) {
        throw StoreError.StoreIoFailure.of(owner, "delete", e);
      }
    }
  }

  /**
   * Gives the directory up where it now is (renamed to {@code movedTo} by its owner): its owner
   * file is deleted, the lock released, nothing else touched.
   */
  public void releaseAt(Path movedTo) {
    if (lock == null) {
      return;
    }
    try {
      Files.deleteIfExists(movedTo.resolve(DataDir.OWNER_FILE));
    } catch (IOException e) {
      // a leftover owner file is removed by the next recovery beside it
    } finally {
      lock.close();
      lock = null;
    }
  }

  /**
   * Gives the directory up where it now is without deleting its owner file, which then tells
   * the next recovery that this process's work there is unfinished (and that it is gone).
   */
  public void abandon() {
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }

  /** Deletes the directory and releases it, unless {@link #releaseAt} already did. */
  @Override
  public void close() {
    if (lock == null) {
      return;
    }
    try {
      FileTree.deleteQuietly(path);
    } finally {
      lock.close();
      lock = null;
    }
  }
}
