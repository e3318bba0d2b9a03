package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberName;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where an export writes its members, in the order of DESIGN §7, each with its length declared
 * up front. Everything goes to a staged path in the export's own staging directory; {@link
 * #commit} syncs it and renames it to the destination. A sink closed without commit removes what it wrote (a failed export leaves no
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

  /**
   * Opens the sink for {@code format}, writing to {@code staged} (absent; in the same directory
   * tree as the destination) until {@link #commit}; an existing destination is {@code
   * Invalid_export_path}.
   */
  static SnapshotSink open(Path staged, Path destination, ExportFormat format, boolean zstd) {
    checkDestination(destination);
    return format == ExportFormat.RAW ? new RawSink(staged, destination)
        : new TarSink(staged, destination, zstd);
  }

  /** Refuses, before any work, a destination that exists or whose directory does not. */
  static void checkDestination(Path destination) {
    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), "it already exists")
          .toException();
    }
    Path parent = destination.toAbsolutePath().normalize().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), parent == null
          ? "it names no file" : "its directory " + parent + " does not exist (create it "
          + "first)").toException();
    }
  }

  /** The two layouts. */
  enum ExportFormat { TAR, RAW }
}
