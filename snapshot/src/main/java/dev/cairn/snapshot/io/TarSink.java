package dev.cairn.snapshot.io;

import com.github.luben.zstd.ZstdOutputStream;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
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

  /**
   * Where the tar's bytes go, digested as they pass: files in the staging directory, published
   * beside the destination ({@link LocalBytes}), or objects uploaded to S3 ({@link S3Bytes}).
   */
  interface Bytes {

    /** The stream the tar (or its zstd frame) is written to. */
    OutputStream stream();

    /** Ends the last file or object; after this, sizes and digests are final. */
    void finish();

    long size();

    Sha256 sha256();

    /** The parts, in order; empty if not split. */
    List<SnapshotManifest.Entry> parts();

    /** Makes the snapshot appear at its destination, whole, then {@code manifest}, last. */
    void publish(Written written, byte[] manifest);

    /** Leaves nothing at the destination and in the staging directory. */
    void discard();
  }

  private final Path staging;
  private final boolean zstd;
  private final Bytes files;
  private final TarArchiveOutputStream tar;
  /** The zstd frame the tar is written into, if compressed. */
  private ZstdOutputStream compressed;
  private boolean committed;

  /** A tar snapshot written into {@code staging} and published beside {@code destination}. */
  static TarSink local(Path staging, Path destination, BlockHash block, boolean zstd,
      OptionalLong splitSize) {
    return new TarSink(staging, new LocalBytes(staging, destination, block, splitSize), zstd);
  }

  TarSink(Path staging, Bytes files, boolean zstd) {
    this.staging = staging;
    this.zstd = zstd;
    this.files = files;
    try {
      OutputStream body = new BufferedOutputStream(files.stream(), 1 << 16);
      if (zstd) {
        compressed = new ZstdOutputStream(body, ZSTD_LEVEL);
        compressed.setWorkers(2);
        compressed.setChecksum(true);
        body = compressed;
      }
      tar = new TarArchiveOutputStream(body);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    } catch (IOException e) {
      files.discard();
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
      if (compressed != null && name.kind() == MemberKind.PROTOCOL_LEVELS) {
        // The header members (version, metadata, protocol table; whole tar records, so none is
        // left in the tar's buffer) end the first zstd block: a reader of them alone (snapshot
        // info) decodes that block and fetches no more.
        compressed.flush();
      }
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
    files.publish(written, manifest.apply(written));
    committed = true;
    return written;
  }

  /** The local files: one, or parts, in the staging directory until they are published. */
  private static final class LocalBytes implements Bytes {
    private final Path staging;
    private final Path destination;
    private final DigestedFiles files;

    LocalBytes(Path staging, Path destination, BlockHash block, OptionalLong splitSize) {
      this.staging = staging;
      this.destination = destination;
      String name = destination.getFileName().toString();
      this.files = new DigestedFiles(DataDir.stagedSnapshot(staging), staging,
          destination.toString(), index -> SnapshotManifest.partName(name, block, index),
          splitSize);
    }

    @Override
    public OutputStream stream() {
      return files;
    }

    @Override
    public void finish() {
      files.finish();
    }

    @Override
    public long size() {
      return files.size();
    }

    @Override
    public Sha256 sha256() {
      return files.sha256();
    }

    @Override
    public List<SnapshotManifest.Entry> parts() {
      return files.parts();
    }

    @Override
    public void publish(Written written, byte[] manifest) {
      Map<Path, Path> published = new LinkedHashMap<>();
      if (written.parts().isEmpty()) {
        published.put(DataDir.stagedSnapshot(staging), destination);
      }
      for (SnapshotManifest.Entry part : written.parts()) {
        published.put(DataDir.stagedPart(staging, part.name()),
            ManifestFiles.beside(destination, part.name()));
      }
      SinkFiles.publishWithManifest(staging, destination, manifest, published,
          () -> files.publish(destination), () -> unpublish(written));
    }

    private void unpublish(Written written) {
      if (written.parts().isEmpty()) {
        SinkFiles.deleteTree(destination);
      }
      written.parts().forEach(part ->
          SinkFiles.deleteTree(ManifestFiles.beside(destination, part.name())));
    }

    @Override
    public void discard() {
      files.delete();
    }
  }

  @Override
  public void close() {
    if (!committed) {
      files.discard();
    }
  }
}
