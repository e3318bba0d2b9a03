package dev.cairn.store;

import dev.cairn.error.StoreError;
import dev.cairn.store.datadir.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The directories of pinned readers ({@link BlockStore#openPinned}): {@code pins/<pid>-<n>} under
 * the data directory, on the store's file system so that hard links work. A directory whose
 * process is gone was left by a killed reader and is removed.
 */
final class PinnedFiles {

  private static final AtomicLong NEXT = new AtomicLong();

  private PinnedFiles() {}

  static Path newDirectory(DataDir dataDir) {
    Path dir = dataDir.pinsDir().resolve(ProcessHandle.current().pid() + "-"
        + NEXT.incrementAndGet());
    try {
      delete(dir);
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dir, "create", e);
    }
  }

  /** Removes the pin directories of processes that no longer run. */
  static void removeStale(DataDir dataDir) {
    if (!Files.isDirectory(dataDir.pinsDir())) {
      return;
    }
    try (Stream<Path> dirs = Files.list(dataDir.pinsDir())) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        int dash = name.indexOf('-');
        long pid = dash > 0 ? parsePid(name.substring(0, dash)) : -1;
        if (pid < 0 || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
          delete(dir);
        }
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dataDir.pinsDir(), "clean", e);
    }
  }

  private static long parsePid(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Deletes a pin directory and its links (never what they link to). */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dir, "delete", e);
    }
  }
}
