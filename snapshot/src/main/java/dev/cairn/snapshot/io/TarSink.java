package dev.cairn.snapshot.io;

import com.github.luben.zstd.ZstdOutputStream;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.DataDir;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The Tar layout: one POSIX tar file, optionally one zstd frame around all of it, optionally cut
 * into parts. Every member is a plain file with mode 0644, owner 0:0 without names, modification
 * time 0; long names and sizes past 8 GiB take PAX headers. So the same members give the same
 * bytes. The file's bytes (or each part's) are digested as they are written ({@link
 * DigestedFiles}), for the manifest.
 */
final class TarSink implements SnapshotSink {

  /** Fast enough to keep pace with the disk; the benchmark compares with {@code zstd -1 -T2}. */
  static final int ZSTD_LEVEL = 1;

  private final Path staging;
  private final Path destination;
  private final boolean zstd;
  private final DigestedFiles files;
  private final TarArchiveOutputStream tar;
  private boolean committed;

  TarSink(Path staging, Path destination, boolean zstd, OptionalLong splitSize) {
    this.staging = staging;
    this.destination = destination;
    this.zstd = zstd;
    files = new DigestedFiles(DataDir.stagedSnapshot(staging), staging,
        destination.getFileName().toString(), splitSize);
    try {
      OutputStream body = new BufferedOutputStream(files, 1 << 16);
      if (zstd) {
        ZstdOutputStream compressed = new ZstdOutputStream(body, ZSTD_LEVEL);
        compressed.setWorkers(2);
        compressed.setChecksum(true);
        body = compressed;
      }
      tar = new TarArchiveOutputStream(body);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    } catch (IOException e) {
      files.delete();
      throw SnapshotError.SnapshotIoFailure.of(DataDir.stagedSnapshot(staging), "create", e);
    }
  }

  @Override
  public void add(MemberName name, long size, MemberWriter content) {
    TarArchiveEntry entry = new TarArchiveEntry(name.path(), true);
    entry.setSize(size);
    entry.setMode(0100644);
    entry.setModTime(0);
    entry.setIds(0, 0);
    entry.setUserName("");
    entry.setGroupName("");
    try {
      tar.putArchiveEntry(entry);
      CountingOutput member = new CountingOutput(tar);
      content.writeTo(member);
      member.flush();
      if (member.count() != size) {
        throw new IllegalStateException(name + ": wrote " + member.count() + " bytes, declared "
            + size);
      }
      tar.closeArchiveEntry();
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
      throw SnapshotError.SnapshotIoFailure.of(DataDir.stagedSnapshot(staging),
          "write " + name + " to", cause);
    }
  }

  @Override
  public long bytesWritten() {
    return files.size();
  }

  @Override
  public Written commit(Function<Written, byte[]> manifest) {
    try {
      tar.finish();
      tar.close(); // closes the zstd frame and flushes the buffer into the files
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(DataDir.stagedSnapshot(staging), "finish", e);
    }
    files.finish();
    Written written = new Written(zstd ? Layout.TAR_ZSTD : Layout.TAR, files.size(),
        Optional.of(files.sha256()), files.parts(), List.of());
    Map<Path, Path> published = new LinkedHashMap<>();
    if (written.parts().isEmpty()) {
      published.put(DataDir.stagedSnapshot(staging), destination);
    }
    for (SnapshotManifest.Entry part : written.parts()) {
      published.put(DataDir.stagedPart(staging, part.name()),
          ManifestFiles.beside(destination, part.name()));
    }
    SinkFiles.publishWithManifest(staging, destination, manifest.apply(written), published,
        () -> files.publish(destination), () -> unpublish(written));
    committed = true;
    return written;
  }

  private void unpublish(Written written) {
    if (written.parts().isEmpty()) {
      SinkFiles.deleteTree(destination);
    }
    written.parts().forEach(part ->
        SinkFiles.deleteTree(ManifestFiles.beside(destination, part.name())));
  }

  @Override
  public void close() {
    if (!committed) {
      files.delete();
    }
  }
}
