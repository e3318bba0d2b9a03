package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.store.datadir.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scratch space for walks and restores: directories made fresh under a parent and deleted when done.
 * Nothing in them needs to survive a crash; a writable context deletes its scratch parent, {@link
 * #of its environment's scratch directory}, when it opens, so what a killed process left goes then.
 */
final class ScratchDirectory {

  /** The name of a writable context's scratch parent, inside its environment directory. */
  private static final String NAME = "scratch";

  private ScratchDirectory() {}

  /** The scratch parent of the context in {@code environment}. */
  static Path of(Path environment) {
    return environment.resolve(NAME);
  }

  /** A new, empty directory under {@code parent} (created if needed). */
  static Path create(Path parent) {
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, NAME + "-");
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(parent, "make scratch space in", e);
    }
  }

  /** Deletes {@code dir} and what is in it, quietly: what stays goes at the next open. */
  static void delete(Path dir) {
    FileTree.deleteQuietly(dir);
  }
}
