package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deleting a directory and everything under it: the one copy every module uses. Links are never
 * followed: a symbolic link inside the tree is removed, never what it points to.
 */
public final class FileTree {

  private FileTree() {}

  /**
   * Deletes {@code root} (a file, a link or a directory tree) if it exists; a failure is {@code
   * Store_io_failure} naming the path.
   */
  public static void delete(Path root) {
    try {
      deleteOrThrow(root);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(root, "delete", e);
    } catch (UncheckedIOException e) {
      throw StoreError.StoreIoFailure.of(root, "delete", e.getCause());
    }
  }

  /**
   * {@link #delete}, for clean-up whose failure must not hide the error being reported (what it
   * leaves is removed by the next command that owns the place); returns whether it all went.
   */
  public static boolean deleteQuietly(Path root) {
    try {
      deleteOrThrow(root);
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static void deleteOrThrow(Path root) throws IOException {
    if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
