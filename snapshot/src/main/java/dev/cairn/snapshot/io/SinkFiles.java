package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.datadir.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File operations the sinks share: removing a temporary tree, the final rename. */
final class SinkFiles {

  private SinkFiles() {}

  static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw failure(root, "remove", e);
    }
  }

  /** Renames {@code tmp} to {@code destination} atomically and syncs their directory. */
  static void publish(Path tmp, Path destination) {
    try {
      if (Files.exists(destination, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new SnapshotError.InvalidExportPath(destination.toString(),
            "it appeared while the export ran").toException();
      }
      Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.fsyncDirectory(destination.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw failure(destination, "rename to", e);
    }
  }

  static RuntimeException failure(Path path, String operation, IOException e) {
    return new SnapshotError.SnapshotIoFailure(path.toString(), operation,
        String.valueOf(e.getMessage())).toException(e);
  }
}
