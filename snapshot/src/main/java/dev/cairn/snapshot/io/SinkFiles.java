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
import java.nio.file.attribute.BasicFileAttributes;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * File operations the sinks share: removing the staged tree, the final renames (with a journal of
 * what is being published, so that a killed export's published files can be taken back).
 */
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
      Map<Path, Path> published, Runnable publish, Runnable unpublish) {
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
    Map<Path, Path> journal = new LinkedHashMap<>(published);
    journal.put(staged, target); // last: once it is in place, the export is whole
    writeJournal(staging, journal);
    publish.run();
    try {
      publish(staged, target);
    } catch (RuntimeException e) {
      unpublish.run();
      throw e;
    }
  }

  /**
   * Records, before publishing, each staged file's identity (device and inode, which a link or a
   * rename keeps) and the name it gets beside the destination, the manifest last.
   */
  private static void writeJournal(Path staging, Map<Path, Path> published) {
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<Path, Path> entry : published.entrySet()) {
      lines.append(identity(entry.getKey())).append('\t').append(entry.getValue()).append('\n');
    }
    AtomicFile.write(DataDir.publishingJournal(staging),
        lines.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String identity(Path file) {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW_LINKS)
          .fileKey();
      return key == null ? "" : key.toString();
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(file, "inspect", e);
    }
  }

  /**
   * Takes back what a killed export had published from {@code staging} (abandoned, and held by
   * the caller): unless its manifest made it into place (then the export was whole), every name
   * in its journal that is still the very file it published (same identity) is deleted; a file
   * of the same name that is not the one published is left alone.
   */
  static void unpublishAbandoned(Path staging) {
    Path journal = DataDir.publishingJournal(staging);
    List<String[]> entries = new ArrayList<>();
    try {
      if (!Files.isRegularFile(journal, NOFOLLOW_LINKS)) {
        return;
      }
      for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
        String[] fields = line.split("\t", 2);
        if (fields.length == 2 && !fields[0].isEmpty()) {
          entries.add(fields);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return; // nothing taken back; the names stay refused until moved by hand
    }
    if (entries.isEmpty() || same(entries.get(entries.size() - 1))) {
      return; // the manifest is in place: the export was whole
    }
    for (String[] entry : entries) {
      if (same(entry)) {
        deleteTree(Path.of(entry[1]));
      }
    }
  }

  private static boolean same(String[] entry) {
    Path published = Path.of(entry[1]);
    try {
      return Files.exists(published, NOFOLLOW_LINKS) && entry[0].equals(identity(published));
    } catch (RuntimeException e) {
      return false;
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
