package dev.cairn.snapshot.io;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.FileTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File operations the sinks share: removing the staged tree, the final renames. */
final class SinkFiles {

  private SinkFiles() {}

  static void deleteTree(Path root) {
    FileTree.delete(root);
  }

  /**
   * Moves {@code tmp} to {@code destination} atomically, never over something that appeared
   * there meanwhile, and syncs both directories. A file is linked under its new name (which fails
   * if the name is taken) and then unlinked from the old; where the file system has no hard
   * links, and for a directory (a rename never replaces a non-empty directory), it is renamed.
   */
  static void publish(Path tmp, Path destination) {
    try {
      if (Files.exists(destination, NOFOLLOW_LINKS)) {
        throw appeared(destination);
      }
      if (Files.isRegularFile(tmp, NOFOLLOW_LINKS) && linked(tmp, destination)) {
        Files.delete(tmp);
      } else {
        Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE);
      }
      AtomicFile.fsyncDirectory(destination.toAbsolutePath().getParent());
      AtomicFile.fsyncDirectory(tmp.toAbsolutePath().getParent());
    } catch (FileAlreadyExistsException e) {
      throw appeared(destination);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(destination, "rename to", e);
    }
  }

  /**
   * Publishes a finished snapshot, then its manifest ({@code manifest}'s bytes, staged first),
   * so that a manifest in place always has its whole snapshot beside it: {@code publish} moves
   * the snapshot into place, {@code unpublish} takes it back if the manifest cannot follow.
   */
  static void publishWithManifest(Path staging, Path destination, byte[] manifest,
      Runnable publish, Runnable unpublish) {
    Path staged = DataDir.stagedManifest(staging);
    Path target = ManifestFiles.manifestOf(destination);
    try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(manifest);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(staged, "write", e);
    }
    if (Files.exists(target, NOFOLLOW_LINKS)) {
      throw appeared(target);
    }
    publish.run();
    try {
      publish(staged, target);
    } catch (RuntimeException e) {
      unpublish.run();
      throw e;
    }
  }

  /** Links {@code tmp} as {@code destination}; false where the file system cannot. */
  private static boolean linked(Path tmp, Path destination) throws IOException {
    try {
      Files.createLink(destination, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      return false;
    }
  }

  private static RuntimeException appeared(Path destination) {
    return new SnapshotError.InvalidExportPath(destination.toString(),
        "it appeared while the export ran").toException();
  }
}
