package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.DataDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The bytes of a tar snapshot on their way to disk, in the export's staging directory: one file,
 * or parts of {@code splitSize} bytes (the last one shorter), each digested (SHA-256) as it is
 * written, and the whole stream too. Nothing is read back: the manifest's digests are of the
 * bytes that were written, computed once.
 */
final class DigestedFiles extends OutputStream {

  private final Path single;
  private final Path staging;
  private final java.util.function.IntFunction<String> partNames;
  private final long splitSize;
  private final MessageDigest whole = Sha256.digester();
  private final MessageDigest part = Sha256.digester();
  private final List<SnapshotManifest.Entry> parts = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private FileChannel channel;
  private long partBytes;
  private long size;

  /**
   * Writes to {@code single} (absent), or, with {@code splitSize}, to parts named by {@code
   * partNames} in {@code staging}.
   */
  DigestedFiles(Path single, Path staging, java.util.function.IntFunction<String> partNames,
      OptionalLong splitSize) {
    this.single = single;
    this.staging = staging;
    this.partNames = partNames;
    this.splitSize = splitSize.orElse(Long.MAX_VALUE);
    open(splitSize.isPresent() ? DataDir.stagedPart(staging, name(0)) : single);
  }

  private String name(int index) {
    return partNames.apply(index);
  }

  private void open(Path file) {
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      files.add(file);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(file, "create", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (partBytes == splitSize) {
        nextPart();
      }
      int chunk = (int) Math.min(length, splitSize - partBytes);
      ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, chunk);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      whole.update(bytes, offset, chunk);
      part.update(bytes, offset, chunk);
      partBytes += chunk;
      size += chunk;
      offset += chunk;
      length -= chunk;
    }
  }

  private void nextPart() throws IOException {
    closePart();
    if (parts.size() == SnapshotManifest.MAX_ENTRIES) {
      throw new SnapshotError.InvalidExportPath(partNames.apply(0).replaceFirst(
          "\\.[^.]+\\.part-00000$", ""), "it would take more than "
          + SnapshotManifest.MAX_ENTRIES + " parts of " + splitSize + " bytes: choose a larger "
          + "--split-size").toException();
    }
    open(DataDir.stagedPart(staging, name(parts.size())));
  }

  /** Syncs and closes the current part, and lists it. */
  private void closePart() throws IOException {
    channel.force(true);
    channel.close();
    if (splitSize != Long.MAX_VALUE) {
      parts.add(new SnapshotManifest.Entry(name(parts.size()), partBytes, Sha256.of(part)));
    }
    partBytes = 0;
  }

  /** Syncs and closes the last file; after this, the sizes and digests are final. */
  void finish() {
    try {
      closePart();
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(files.get(files.size() - 1), "finish", e);
    }
  }

  long size() {
    return size;
  }

  Sha256 sha256() {
    return Sha256.of(whole);
  }

  /** The parts, in order; empty if not split. */
  List<SnapshotManifest.Entry> parts() {
    return List.copyOf(parts);
  }

  /**
   * Moves the file or the parts to their names beside {@code destination}, never over anything;
   * if one cannot be, the ones already moved are taken back and the failure thrown.
   */
  void publish(Path destination) {
    if (parts.isEmpty()) {
      SinkFiles.publish(single, destination);
      return;
    }
    List<Path> published = new ArrayList<>();
    try {
      for (SnapshotManifest.Entry entry : parts) {
        Path target = ManifestFiles.beside(destination, entry.name());
        SinkFiles.publish(DataDir.stagedPart(staging, entry.name()), target);
        published.add(target);
      }
    } catch (RuntimeException e) {
      published.forEach(SinkFiles::deleteTree);
      throw e;
    }
  }

  /** Closes whatever is open and removes every file written. */
  void delete() {
    try {
      channel.close();
    } catch (IOException e) {
      // the files are removed next, whatever state they are in
    }
    files.forEach(SinkFiles::deleteTree);
  }

  @Override
  public void close() {
    // the channel is closed by finish() or delete(): a tar stream closing its output must not
  }
}
