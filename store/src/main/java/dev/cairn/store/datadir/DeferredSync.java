package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Durability deferred to the end, for a directory that only counts as a whole: a data directory
 * being built in its {@code .part} sibling (a generated testnet), which a crash leaves to be
 * deleted and which is renamed into place only when complete. While a {@code DeferredSync} is
 * open on such a root, the store's writers under it skip their fsyncs (of files, of directories,
 * LMDB's commits), each of which would otherwise stall the writer for a disk flush (about 30% of
 * a generation's time here); {@link #syncAll} then makes everything under it durable at once, one
 * {@code syncfs(2)} of its file system (or, where that is unavailable, an fsync of each file and
 * directory), before the caller renames it into place.
 *
 * <p>The store's code asks {@link #covers} for the file it is about to sync; outside an open
 * scope that is one empty-set check.
 */
public final class DeferredSync implements AutoCloseable {

  private static final Set<Path> ROOTS = ConcurrentHashMap.newKeySet();

  private final Path root;

  private DeferredSync(Path root) {
    this.root = root;
  }

  /** Defers the syncs of everything under {@code root} until {@link #syncAll}. */
  public static DeferredSync under(Path root) {
    Path normalized = root.toAbsolutePath().normalize();
    if (!ROOTS.add(normalized)) {
      throw new IllegalStateException("syncs are already deferred under " + normalized);
    }
    return new DeferredSync(normalized);
  }

  /** Whether a sync of {@code path} is deferred (it lies under an open scope's root). */
  public static boolean covers(Path path) {
    if (ROOTS.isEmpty()) {
      return false;
    }
    Path normalized = path.toAbsolutePath().normalize();
    for (Path root : ROOTS) {
      if (normalized.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  /** Makes every file and directory under the root, and the root, durable. */
  public void syncAll() {
    if (FileSystemSync.syncFileSystem(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
            throws IOException {
          if (attributes.isRegularFile()) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
              channel.force(true);
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure)
            throws IOException {
          if (failure != null) {
            throw failure;
          }
          try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(root, "sync", e);
    }
  }

  /** Syncs are no longer deferred under the root (without {@link #syncAll}: nothing is synced). */
  @Override
  public void close() {
    ROOTS.remove(root);
  }
}
