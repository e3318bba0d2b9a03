package dev.cairn.rollup;

import dev.cairn.store.StoreError;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.FileTree;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.datadir.RollupDataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How an imported rollup directory takes its place, atomically: the staging directory is renamed
 * to the target; a target it replaces ({@code --force}) is first renamed aside, and deleted once
 * the new one is in place. A crash between the two renames leaves the old directory aside and
 * none in place: {@link #recover} (run before any command opens the directory) puts it back.
 */
public final class RollupLanding {

  private RollupLanding() {}

  /**
   * Puts back a directory an interrupted landing left aside, if the target is gone; leaves alone
   * a landing under way (its staging directory still owned by a live import).
   */
  public static void recover(RollupDataDir target) {
    Path aside = target.importAsideDir();
    if (!Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path staging = target.importStagingDir();
    if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS) && !OwnedDirectory.isAbandoned(staging)) {
      return;
    }
    try {
      if (Files.exists(target.root(), LinkOption.NOFOLLOW_LINKS)) {
        FileTree.delete(aside); // the new directory landed; the old one was being deleted
      } else {
        Files.move(aside, target.root(), StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.fsyncDirectory(target.root().getParent());
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(aside, "recover an interrupted import from", e);
    }
  }

  /** Moves {@code staging}, complete and synced, to {@code target}, replacing what is there. */
  public static void land(OwnedDirectory staging, RollupDataDir target, boolean replace) {
    Path aside = target.importAsideDir();
    try {
      if (replace && Files.exists(target.root(), LinkOption.NOFOLLOW_LINKS)) {
        Files.move(target.root(), aside, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(target.root()); // absent or empty, checked before
      }
      Files.move(staging.path(), target.root(), StandardCopyOption.ATOMIC_MOVE);
      staging.releaseAt(target.root());
      AtomicFile.fsyncDirectory(target.root().getParent());
      if (replace) {
        FileTree.deleteQuietly(aside);
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target.root(), "move the imported rollup directory to",
          e);
    }
  }
}
