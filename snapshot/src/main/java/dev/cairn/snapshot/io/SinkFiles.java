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

  /**
   * Removes {@code tmp} if it is what a killed export leaves: a tar (plain or zstd) that begins
   * with the version member, or a directory of snapshot members. Anything else there is the
   * user's: {@code Invalid_export_path}, and it is left alone.
   */
  static void removeLeftTmp(Path tmp) {
    if (!Files.exists(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!looksLikeAnExport(tmp)) {
      throw new SnapshotError.InvalidExportPath(tmp.toString(), "it exists and is not a "
          + "snapshot an export left behind; move it away").toException();
    }
    deleteTree(tmp);
  }

  private static boolean looksLikeAnExport(Path tmp) {
    try {
      if (Files.isRegularFile(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        byte[] start = new byte[21];
        int read;
        try (java.io.InputStream in = Files.newInputStream(tmp)) {
          read = in.readNBytes(start, 0, start.length);
        }
        String name = new String(start, 0, read, java.nio.charset.StandardCharsets.US_ASCII);
        boolean zstd = read >= 4 && (start[0] & 0xff) == 0x28 && (start[1] & 0xff) == 0xb5
            && (start[2] & 0xff) == 0x2f && (start[3] & 0xff) == 0xfd;
        return read == 0 || zstd || name.equals(dev.cairn.snapshot.format.MemberKind.VERSION
            .memberName());
      }
      if (!Files.isDirectory(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      try (Stream<Path> paths = Files.walk(tmp)) {
        return paths.filter(p -> !p.equals(tmp)).allMatch(p -> {
          String relative = tmp.relativize(p).toString();
          if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return relative.equals("protocols") || relative.equals("cemented");
          }
          try {
            dev.cairn.snapshot.format.MemberName.parse(relative);
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        });
      }
    } catch (IOException e) {
      return false;
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
