package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberName;
import java.nio.file.Path;

/**
 * Where an export writes its members, in the order of DESIGN §7, each with its length declared
 * up front. Everything goes to {@code <dest>.tmp}; {@link #commit} syncs it and renames it to the
 * destination. A sink closed without commit removes what it wrote (a failed export leaves no
 * destination), as Kafka's snapshot writers do.
 */
public interface SnapshotSink extends AutoCloseable {

  /** Adds a member of exactly {@code size} bytes, which {@code content} writes. */
  void add(MemberName name, long size, MemberWriter content);

  /** Makes the snapshot appear at its destination, whole. */
  void commit();

  /** Bytes written so far (compressed, for a compressed tar). */
  long bytesWritten();

  @Override
  void close();

  /** Opens the sink for {@code format}; an existing destination is {@code Invalid_export_path}. */
  static SnapshotSink open(Path destination, ExportFormat format, boolean zstd) {
    if (java.nio.file.Files.exists(destination, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), "it already exists")
          .toException();
    }
    Path parent = destination.toAbsolutePath().getParent();
    if (parent == null || !java.nio.file.Files.isDirectory(parent)) {
      throw new SnapshotError.InvalidExportPath(destination.toString(),
          "its directory does not exist").toException();
    }
    return format == ExportFormat.RAW ? new RawSink(destination) : new TarSink(destination, zstd);
  }

  /** The two layouts. */
  enum ExportFormat { TAR, RAW }
}
