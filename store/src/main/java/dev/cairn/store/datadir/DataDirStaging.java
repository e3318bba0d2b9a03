package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import dev.cairn.store.chain.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a data directory is replaced whole (an import, DESIGN §9): built in a staging directory
 * beside it, then landed by rename, so that a failure or a crash at any point leaves the data
 * directory as it was, or as built once the landing rename happened.
 *
 * <p>{@link #begin} recovers from an earlier attempt cut short, checks that the target is bare
 * ({@link DataDirContents#isBare()}: absent, empty, or only a regular {@code config.json} and
 * Cairn's {@code lock}; or, with {@code force}, {@link DataDirContents#isNode() a node's} data
 * directory with a readable {@code config.json} and nothing foreign, whose writer lock it then
 * holds so that no node runs on it; anything else is refused and left untouched), and creates the
 * staging directory {@link DataDir#importStagingDir()}, {@link OwnedDirectory owned} by this
 * process. {@link #land} moves the old data directory (if any) aside to {@link
 * DataDir#importAsideDir()}, renames the staging directory into its place and deletes the old
 * one; each rename is atomic and followed by an fsync of the parent. {@link #close} without a
 * landing deletes the staging directory.
 *
 * <p>{@link #recoverInterrupted} (run by every command before it opens a data directory) puts a
 * crashed attempt right, unless its owner still runs: an abandoned staging directory is deleted;
 * an aside directory is renamed back if the data directory is absent, and deleted if it is
 * present (the landing had happened).
 */
public final class DataDirStaging implements AutoCloseable {

  private static final String NEEDED =
      "an import needs an absent or empty data directory, or --force to replace a node's";
  private static final String NOT_A_NODE = "an import needs an absent or empty data "
      + "directory: choose another --data-dir, or move these files away";
  private static final String FORCE_NEEDS = "--force replaces only a Cairn data directory "
      + "(config.json, store/, context/ and nothing else); move these files away first";

  private final DataDir target;
  private OwnedDirectory staging;
  /** With {@code force} over a node's data directory: its writer lock, so no node runs on it. */
  private DataDirLock targetLock;
  private boolean landed;
  private boolean replacing;
  /** Whether this import made the target's lock file (removed again if it does not land). */
  private boolean createdLockFile;

  private DataDirStaging(DataDir target) {
    this.target = target;
  }

  /**
   * Starts replacing {@code target}: {@code Directory_already_exists} unless it is bare or
   * {@code force}; {@code Data_dir_locked} if a node or another import is at work on it.
   */
  public static DataDirStaging begin(DataDir target, boolean force) {
    DataDirStaging staging = new DataDirStaging(target);
    try {
      DataDir.ofUserPath(target.root()).requireParent();
      recover(target, true);
      // Parts a killed import had fetched ahead (a live import's are its own: left alone).
      OwnedDirectory.deleteIfAbandoned(target.downloadsDir());
      staging.checkBare(force);
      staging.staging = OwnedDirectory.create(target.importStagingDir());
      return staging;
    } catch (RuntimeException e) {
      staging.close();
      throw e;
    }
  }

  /**
   * Puts right a replacement of {@code target} that a crash cut short, if there is one and its
   * process is gone; one still running is left alone, to land or clean up itself.
   */
  public static void recoverInterrupted(DataDir target) {
    recover(target, false);
  }

  private static void recover(DataDir target, boolean refuseIfRunning) {
    // A killed import of an incremental chain left its assembly (a context and blocks): gone.
    if (OwnedDirectory.hasOwnerFile(target.chainStagingDir())) {
      OwnedDirectory.deleteIfAbandoned(target.chainStagingDir());
    }
    Path staging = target.importStagingDir();
    if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
      boolean ours = Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)
          && OwnedDirectory.hasOwnerFile(staging);
      if (!ours) { // a name like ours is not enough: someone's files, left alone
        if (refuseIfRunning) {
          throw new StoreError.DirectoryAlreadyExists(staging, "files that are not an import "
              + "Cairn left", "move it away first").toException();
        }
      } else if (!OwnedDirectory.deleteIfAbandoned(staging)) {
        if (refuseIfRunning) {
          throw new StoreError.DataDirLocked(target.root(), "an import into it is running, "
              + "building " + staging).toException();
        }
        return;
      }
    }
    Path root = target.root();
    Path aside = target.importAsideDir();
    // Landed means: the data directory is the import's staging directory, renamed, still
    // carrying the import's owner file (deleted only once the old one aside is gone).
    boolean landed = OwnedDirectory.hasOwnerFile(root)
        && Files.isRegularFile(target.markersFile(), LinkOption.NOFOLLOW_LINKS);
    if (landed) {
      OwnedDirectory.runIfAbandoned(root, () -> {
        if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
          FileTree.delete(aside); // the landing had happened before the crash
        }
        deleteOwnerFile(target);
      }); // if its process still runs, it finishes the landing itself
      return;
    }
    if (!Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // The landing had not happened: the data directory is what waits aside. Whatever took its
    // name meanwhile must be nothing (an empty directory) for it to come back.
    try {
      if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && isEmpty(root)) {
        Files.delete(root);
      }
      if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new StoreError.DirectoryAlreadyExists(root, "files, and the data directory it "
            + "held waits in " + aside + " (an import was cut short)", "move one of them away")
            .toException();
      }
      Files.move(aside, root, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.fsyncDirectory(root.getParent());
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(aside, "recover an import from", e);
    }
  }

  private static void deleteOwnerFile(DataDir target) {
    try {
      Files.deleteIfExists(target.root().resolve(DataDir.OWNER_FILE));
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target.root(), "finish an import in", e);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private void checkBare(boolean force) {
    Path root = target.root();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreError.DirectoryAlreadyExists(root, Files.isSymbolicLink(root)
          ? "a symbolic link" : "a file, not a directory", NEEDED).toException();
    }
    DataDirContents contents = DataDirContents.of(target);
    if (contents.isBare()) {
      createdLockFile = !contents.lock();
      targetLock = target.lockForWriting(); // no node starts on it while the import runs
      return;
    }
    if (!force) { // --force is suggested only where it would help
      throw new StoreError.DirectoryAlreadyExists(root, contents.describe(),
          contents.isNode() ? NEEDED : NOT_A_NODE).toException();
    }
    if (!contents.isNode()) {
      throw new StoreError.DirectoryAlreadyExists(root, contents.describe(), FORCE_NEEDS)
          .toException();
    }
    target.readConfig(); // an unreadable config.json is no node's: Invalid_data_dir
    targetLock = target.lockForWriting(); // Data_dir_locked while a node runs on it
    replacing = true;
  }

  /** Whether the target holds a node that the landing replaces ({@code --force}). */
  public boolean replacesNode() {
    return replacing;
  }

  /** The data directory being built. */
  public DataDir stagingDir() {
    return DataDir.at(staging.path());
  }

  /** The target's {@code config.json}, if it has one. */
  public Optional<StoreConfig> existingConfig() {
    return Files.isRegularFile(target.configFile()) ? Optional.of(target.readConfig())
        : Optional.empty();
  }

  /**
   * Lands the staging directory as the data directory: the old one (if any) steps aside, the new
   * one takes its name, the old one is deleted. A failure before the second rename puts the old
   * one back and is reported; once the second rename has happened the import has landed, and
   * nothing after it (syncing the parent again, deleting the old one) is reported as a failure of
   * the import: the next command's recovery finishes what is left.
   */
  public void land() {
    Path root = target.root();
    Path aside = target.importAsideDir();
    boolean asideDone = false;
    try {
      AtomicFile.fsyncDirectory(staging.path());
      if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        // Judged again at the last moment: what the import replaces must still be what it was
        // allowed to replace (files may have been put there while it ran).
        DataDirContents now = DataDirContents.of(target);
        if (!(now.isBare() || replacing && now.isNode())) {
          throw new StoreError.DirectoryAlreadyExists(root, now.describe() + " (put there while "
              + "the import ran)", "nothing was replaced; move them away and import again")
              .toException();
        }
        Files.move(root, aside, StandardCopyOption.ATOMIC_MOVE);
        asideDone = true;
        AtomicFile.fsyncDirectory(root.getParent());
      }
      Files.move(staging.path(), root, StandardCopyOption.ATOMIC_MOVE);
      landed = true;
    } catch (IOException | RuntimeException e) {
      if (asideDone) {
        putBack(aside, root);
      }
      throw e instanceof IOException io
          ? StoreError.StoreIoFailure.of(root, "move the imported data into", io)
          : (RuntimeException) e;
    }
    finishLanding(root, aside);
  }

  /**
   * After the landing rename: make it durable, delete the old one, then release. The owner file
   * that came along with the rename is deleted last: until then it tells recovery that the
   * directory in place is this import's, and the one aside the node it replaced.
   */
  private void finishLanding(Path root, Path aside) {
    try {
      AtomicFile.fsyncDirectory(root.getParent());
    } catch (RuntimeException e) {
      // The rename is done and visible; the file system syncs its directory in its own time.
    }
    boolean asideGone;
    try {
      FileTree.delete(aside);
      asideGone = true;
    } catch (RuntimeException e) {
      asideGone = false; // the next command's recovery deletes it
    }
    try {
      if (asideGone) {
        staging.releaseAt(root);
      } else {
        staging.abandon(); // the owner file stays: the next recovery finishes the landing
      }
      releaseTargetLock();
    } catch (RuntimeException e) {
      // The locks go with this process at the latest; the landing stands.
    }
  }

  private static void putBack(Path aside, Path root) {
    try {
      Files.move(aside, root, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.fsyncDirectory(root.getParent());
    } catch (IOException | RuntimeException e) {
      // the next command's recovery puts it back: the data directory is absent, the aside present
      return;
    }
  }

  @Override
  public void close() {
    try {
      if (staging != null && !landed) {
        staging.close();
      }
    } finally {
      if (!landed && createdLockFile) {
        try {
          Files.deleteIfExists(target.lockFile()); // as it was: the lock goes with its file
        } catch (IOException e) {
          // an empty lock file of Cairn's counts as bare
        }
      }
      releaseTargetLock();
    }
  }

  private void releaseTargetLock() {
    if (targetLock != null) {
      targetLock.close();
      targetLock = null;
    }
  }
}
