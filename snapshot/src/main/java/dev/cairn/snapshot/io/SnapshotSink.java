package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.S3Uploads;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where an export writes its members, in the order of DESIGN §7, each with its length declared
 * up front. Everything goes to the export's own staging directory; {@link #commit} syncs it,
 * renames it to the destination and puts the manifest beside it last. A sink closed without
 * commit removes what it wrote (a failed export leaves no destination), as Kafka's snapshot
 * writers do.
 */
public interface SnapshotSink extends AutoCloseable {

  /** Adds a member of exactly {@code size} bytes, which {@code content} writes. */
  void add(MemberName name, long size, MemberWriter content);

  /** What a sink wrote, for the manifest: the layout, the size and the digests. */
  record Written(Layout layout, long size, Optional<Sha256> sha256,
      List<SnapshotManifest.Entry> parts, List<SnapshotManifest.Entry> files) {}

  /**
   * Finishes and syncs the snapshot, then makes it appear at its destination, whole, and the
   * manifest that {@code manifest} makes of what was written beside it, last.
   */
  Written commit(Function<Written, byte[]> manifest);

  /** Bytes written so far (compressed, for a compressed tar). */
  long bytesWritten();

  @Override
  void close();

  /**
   * Opens the sink for {@code format}, writing into the export's {@code staging} directory
   * (beside the destination) until {@link #commit}; a Tar snapshot of {@code block} is cut into
   * parts of {@code splitSize} bytes if given. An existing destination or manifest is {@code
   * Invalid_export_path}.
   */
  static SnapshotSink open(Path staging, Path destination, BlockHash block,
      ExportFormat format, boolean zstd, OptionalLong splitSize) {
    checkDestination(destination);
    checkSiblings(destination);
    return format == ExportFormat.RAW ? new RawSink(staging, destination)
        : TarSink.local(staging, destination, block, zstd, splitSize);
  }

  /**
   * Opens a Tar sink that uploads to {@code destination} in S3 as it is written (the export's
   * local {@code staging} directory holds only its own scratch), cut into one object per part of
   * {@code splitSize} bytes if given; the manifest is put last, on commit.
   */
  static SnapshotSink openS3(Path staging, S3Uploads uploads, RemoteLocation.S3 destination,
      BlockHash block, boolean zstd, OptionalLong splitSize) {
    return new TarSink(staging, new S3Bytes(uploads, destination, block, splitSize), zstd);
  }

  /**
   * Refuses, before any work, an upload to {@code destination} where an object of its name, its
   * manifest or a part of it is already.
   */
  static void checkS3Destination(S3Uploads uploads, RemoteLocation.S3 destination) {
    String name = destination.fileName();
    uploads.existing(destination, key -> key.equals(name + SnapshotManifest.FILE_SUFFIX)
        || isPartOf(name, key)).ifPresent(found -> {
          throw new SnapshotError.InvalidExportPath(destination.display(), found
              + " already exists in the bucket").toException();
        });
  }

  /**
   * Refuses, before any work, a destination that exists, whose directory does not, or whose
   * name leaves no room for its manifest's.
   */
  static void checkDestination(Path destination) {
    Path absolute = destination.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), "it already exists")
          .toException();
    }
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), parent == null
          ? "it names no file" : "its directory " + parent + " does not exist (create it "
          + "first)").toException();
    }
    String name = absolute.getFileName().toString();
    String longest = name + SnapshotManifest.FILE_SUFFIX;
    if (longest.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), "its manifest's name, "
          + longest.length() + " characters, would be longer than a file name may be")
          .toException();
    }
  }

  /**
   * Refuses a destination whose manifest or any part ({@code FILE.*.part-*}) is already there:
   * judged after a killed export's leftovers were taken back.
   */
  static void checkSiblings(Path destination) {
    Path absolute = destination.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    String name = absolute.getFileName().toString();
    Path manifest = ManifestFiles.manifestOf(absolute);
    if (Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), manifest
          + " already exists").toException();
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      Optional<Path> part = siblings.filter(p -> isPartOf(name, p.getFileName().toString()))
          .findFirst();
      if (part.isPresent()) {
        throw new SnapshotError.InvalidExportPath(destination.toString(), part.get()
            + " already exists (a part of an earlier export?)").toException();
      }
    } catch (IOException | UncheckedIOException e) {
      throw new SnapshotError.InvalidExportPath(destination.toString(), "cannot list "
          + parent + ": " + CauseText.of(e instanceof UncheckedIOException u ? u.getCause() : e))
          .toException(e);
    }
  }

  /** Whether {@code file} is named as a part of the snapshot {@code name}, of any block. */
  private static boolean isPartOf(String name, String file) {
    return file.startsWith(name + ".") && file.matches(".*\\.part-[0-9]{5}");
  }

  /**
   * Takes back what a killed export had published beside its destination from {@code staging}
   * (its staging directory, abandoned, which the caller holds): the files it had moved into
   * place before its manifest, found by their identity, never a file that only has their name.
   */
  static void takeBackAbandoned(Path staging) {
    SinkFiles.unpublishAbandoned(staging);
  }

  /** The two layouts. */
  enum ExportFormat { TAR, RAW }
}
