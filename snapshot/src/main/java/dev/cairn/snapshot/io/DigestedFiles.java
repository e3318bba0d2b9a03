package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.DataDir;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * The bytes of a tar snapshot on their way to disk, in the export's staging directory: one file,
 * or parts ({@link PartedOutput}), each synced when it ends.
 */
final class DigestedFiles extends PartedOutput {

  private final Path single;
  private final Path staging;
  private final List<Path> files = new ArrayList<>();
  private FileChannel channel;

  /**
   * Writes to {@code single} (absent), or, with {@code splitSize}, to parts named by {@code
   * partNames} in {@code staging}; {@code shown} names the snapshot in messages.
   */
  DigestedFiles(Path single, Path staging, String shown, IntFunction<String> partNames,
      OptionalLong splitSize) {
    super(shown, partNames, splitSize);
    this.single = single;
    this.staging = staging;
    open(splitSize.isPresent() ? DataDir.stagedPart(staging, partName(0)) : single);
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
  void emit(byte[] bytes, int offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  @Override
  void beginPart(int index) {
    open(DataDir.stagedPart(staging, partName(index)));
  }

  /** Syncs and closes the current file. */
  @Override
  void endCurrent() throws IOException {
    channel.force(true);
    channel.close();
  }

  /** Syncs and closes the last file; after this, the sizes and digests are final. */
  void finish() {
    try {
      endPart();
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(files.get(files.size() - 1), "finish", e);
    }
  }

  /**
   * Moves the file or the parts to their names beside {@code destination}, never over anything;
   * if one cannot be, the ones already moved are taken back and the failure thrown.
   */
  void publish(Path destination) {
    if (!split()) {
      SinkFiles.publish(single, destination);
      return;
    }
    List<Path> published = new ArrayList<>();
    try {
      for (SnapshotManifest.Entry entry : parts()) {
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
