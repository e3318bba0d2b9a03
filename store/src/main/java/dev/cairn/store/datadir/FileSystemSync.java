package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Makes many freshly written files durable at once, for writers whose files only count as a whole
 * (an import's staging directory, a Raw snapshot): on Linux one {@code syncfs(2)} of their file
 * system, which flushes them all in one journal commit; elsewhere, or if that call fails, one
 * fsync per file. Measured on this project's machine for 12,499 small files: 0.14 s against
 * 3.2 s (benchmarks in docs/BENCHMARKS.md). The C library is reached through jnr-ffi, which
 * lmdbjava already brings.
 */
public final class FileSystemSync {

  private static final int O_RDONLY = 0;

  private FileSystemSync() {}

  /**
   * Makes {@code files} durable; {@code anchor} is a directory on their file system. Their
   * directories' entries are the caller's to sync.
   */
  public static void syncFiles(Path anchor, List<Path> files) {
    if (files.isEmpty() || syncFileSystem(anchor)) {
      return;
    }
    for (Path file : files) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.force(true);
      } catch (IOException e) {
        throw StoreError.StoreIoFailure.of(file, "sync", e);
      }
    }
  }

  /** One syncfs(2) of {@code anchor}'s file system; false where that is not possible. */
  static boolean syncFileSystem(Path anchor) {
    if (NativeFiles.libc().isEmpty()) {
      return false;
    }
    NativeFiles.LibC libc = NativeFiles.libc().get();
    int fd = libc.open(anchor.toAbsolutePath().toString(), O_RDONLY);
    if (fd < 0) {
      return false;
    }
    try {
      return libc.syncfs(fd) == 0;
    } finally {
      libc.close(fd);
    }
  }
}
