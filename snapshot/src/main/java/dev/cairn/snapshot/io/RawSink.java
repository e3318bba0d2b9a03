package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.FileSystemSync;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * The Raw layout: a directory holding each member as a file of its name ({@code protocols/} and
 * {@code cemented/} as subdirectories). At commit all files are synced at once ({@link
 * FileSystemSync}), then the directories, then the directory is renamed to publish the snapshot.
 */
final class RawSink implements SnapshotSink {

  private final Path staging;
  private final Path destination;
  private final Path tmp;
  private final List<SnapshotManifest.Entry> entries = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private long bytes;
  private boolean committed;

  RawSink(Path staging, Path destination) {
    this.staging = staging;
    this.destination = destination;
    this.tmp = DataDir.stagedSnapshot(staging);
    try {
      Files.createDirectory(tmp);
      directories.add(tmp);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(tmp, "create", e);
    }
  }

  @Override
  public void add(MemberName name, long size, MemberWriter content) {
    Path file = tmp.resolve(name.path());
    try {
      Path parent = file.getParent();
      if (!directories.contains(parent)) {
        Files.createDirectories(parent);
        directories.add(parent);
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        files.add(file);
        CountingOutput counted = new CountingOutput(Channels.newOutputStream(channel));
        MessageDigest digest = Sha256.digester();
        OutputStream out = new BufferedOutputStream(new DigestOutputStream(counted, digest),
            1 << 16);
        content.writeTo(out);
        out.flush();
        if (counted.count() != size) {
          throw new IllegalStateException(name + ": wrote " + counted.count()
              + " bytes, declared " + size);
        }
        entries.add(new SnapshotManifest.Entry(name.path(), size, Sha256.of(digest)));
      }
      bytes += size;
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
      throw SnapshotError.SnapshotIoFailure.of(file, "write", cause);
    }
  }

  @Override
  public long bytesWritten() {
    return bytes;
  }

  @Override
  public Written commit(Function<Written, byte[]> manifest) {
    FileSystemSync.syncFiles(tmp, files);
    for (Path directory : directories) {
      AtomicFile.fsyncDirectory(directory);
    }
    Written written = new Written(Layout.RAW, bytes, Optional.empty(), List.of(), entries);
    SinkFiles.publishWithManifest(staging, destination, manifest.apply(written),
        Map.of(tmp, destination), () -> SinkFiles.publish(tmp, destination),
        () -> SinkFiles.deleteTree(destination));
    committed = true;
    return written;
  }

  @Override
  public void close() {
    if (!committed) {
      SinkFiles.deleteTree(tmp);
    }
  }
}
