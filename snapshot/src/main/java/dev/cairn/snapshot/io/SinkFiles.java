package dev.cairn.snapshot.io;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** File operations the sinks share: removing a temporary tree, the final rename. */
final class SinkFiles {

  private SinkFiles() {}

  static void deleteTree(Path root) {
    FileTree.delete(root);
  }

  /**
   * Removes {@code tmp} if it is what a killed export leaves: a tar (plain or zstd) that begins
   * with the version member, or a directory of snapshot members. Anything else there is the
   * user's: {@code Invalid_export_path}, and it is left alone.
   */
  static void removeLeftTmp(Path tmp) {
    if (!Files.exists(tmp, NOFOLLOW_LINKS)) {
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
      if (Files.isRegularFile(tmp, NOFOLLOW_LINKS)) {
        byte[] start = new byte[21];
        int read;
        try (InputStream in = Files.newInputStream(tmp)) {
          read = in.readNBytes(start, 0, start.length);
        }
        String name = new String(start, 0, read, StandardCharsets.US_ASCII);
        return read == 0 || TarSource.startsWithZstdMagic(start, read)
            || name.equals(MemberKind.VERSION.memberName());
      }
      if (!Files.isDirectory(tmp, NOFOLLOW_LINKS)) {
        return false;
      }
      try (Stream<Path> paths = Files.walk(tmp)) {
        return paths.filter(p -> !p.equals(tmp)).allMatch(p -> {
          String relative = tmp.relativize(p).toString();
          if (Files.isDirectory(p, NOFOLLOW_LINKS)) {
            return relative.equals("protocols") || relative.equals("cemented");
          }
          try {
            MemberName.parse(relative);
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
      if (Files.exists(destination, NOFOLLOW_LINKS)) {
        throw new SnapshotError.InvalidExportPath(destination.toString(),
            "it appeared while the export ran").toException();
      }
      Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.fsyncDirectory(destination.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(destination, "rename to", e);
    }
  }
}
