package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file written whole or not at all: {@code <target>.part}, fsync, atomic rename, fsync of the
 * directory. {@link #close()} without {@link #commit()} deletes the part file.
 */
public final class AtomicFile implements AutoCloseable {

  /** The suffix of files being written; such files are garbage after a crash. */
  public static final String PART_SUFFIX = ".part";

  private final Path target;
  private final Path part;
  private final FileChannel channel;
  private boolean committed;

  private AtomicFile(Path target) throws IOException {
    this.target = target;
    this.part = target.resolveSibling(target.getFileName() + PART_SUFFIX);
    this.channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Starts writing {@code target}; a stale part file from an earlier crash is overwritten. */
  public static AtomicFile create(Path target) {
    try {
      return new AtomicFile(target);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target, "create", e);
    }
  }

  /** Writes {@code content} to {@code target} atomically. */
  public static void write(Path target, byte[] content) {
    try (AtomicFile file = create(target)) {
      file.write(ByteBuffer.wrap(content));
      file.commit();
    }
  }

  /** The channel to write through; positioned writes are allowed. */
  public FileChannel channel() {
    return channel;
  }

  /** Writes all of {@code buffer} at the channel's position. */
  public void write(ByteBuffer buffer) {
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(part, "write", e);
    }
  }

  /** Makes the file durable and visible under its name. */
  public void commit() {
    try {
      channel.force(true);
      channel.close();
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(target.getParent());
      committed = true;
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(target, "commit", e);
    }
  }

  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      channel.close();
      Files.deleteIfExists(part);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(part, "abort", e);
    }
  }

  /** Makes the directory's entries (renames, creations, deletions) durable. */
  public static void fsyncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(directory, "fsync", e);
    }
  }

  /** Deletes {@code path} if present and makes the deletion durable. */
  public static void deleteDurably(Path path) {
    try {
      if (Files.deleteIfExists(path)) {
        fsyncDirectory(path.getParent());
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "delete", e);
    }
  }

}
