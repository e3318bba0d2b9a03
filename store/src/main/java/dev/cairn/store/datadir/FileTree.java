package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

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
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
          throws IOException {
        Files.deleteIfExists(file); // a link is removed, never followed
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE; // gone already: another deleter got there first
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
