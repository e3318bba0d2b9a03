package dev.cairn.snapshot.io;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File operations the sinks share: removing the staged tree, the final rename. */
final class SinkFiles {

  private SinkFiles() {}

  static void deleteTree(Path root) {
    FileTree.delete(root);
  }

  /** Renames {@code tmp} to {@code destination} atomically and syncs their directory. */
  static void publish(Path tmp, Path destination) {
    try {
      if (Files.exists(destination, NOFOLLOW_LINKS)) {
        throw new SnapshotError.InvalidExportPath(destination.toString(),
            "it appeared while the export ran").toException();
      }
      Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.fsyncDirectory(destination.toAbsolutePath().getParent());
      AtomicFile.fsyncDirectory(tmp.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(destination, "rename to", e);
    }
  }
}
