package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch space for walks and restores: directories made fresh under a parent and deleted when done.
 * Nothing in them needs to survive a crash; a writable context deletes its scratch parent when it
 * opens, so what a killed process left goes then.
 */
final class ScratchDirectory {

  private ScratchDirectory() {}

  /** A new, empty directory under {@code parent} (created if needed). */
  static Path create(Path parent) {
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "scratch-");
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(parent, "make scratch space in", e).toException(e);
    }
  }

  /** Deletes {@code dir} and what is in it, quietly: what stays goes at the next open. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Left for the next open to remove.
    }
  }
}
