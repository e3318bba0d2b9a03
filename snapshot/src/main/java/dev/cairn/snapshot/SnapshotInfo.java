package dev.cairn.snapshot;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.io.SnapshotSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code cairn snapshot info}: reads the version and metadata members and nothing else, so it
 * takes the same time for a snapshot of any size. A tar (compressed or not) is read up to the end
 * of its second member; a Raw snapshot's two files are opened by name, without listing the rest.
 */
public final class SnapshotInfo {

  private SnapshotInfo() {}

  public static SnapshotMetadata read(String path) {
    Path file = Path.of(path);
    if (!path.equals("-") && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      readRawVersion(SnapshotSource.rawMemberFile(file, MemberKind.VERSION));
      return readRawMetadata(SnapshotSource.rawMemberFile(file, MemberKind.METADATA));
    }
    try (SnapshotSource source = SnapshotSource.open(path)) {
      SnapshotSource.Member version = source.next().filter(m ->
          m.name().kind() == MemberKind.VERSION).orElseThrow(() ->
              missing(SnapshotError.Part.VERSION));
      SnapshotMetadata.readVersion(version.in(), version.size());
      SnapshotSource.Member metadata = source.next().filter(m ->
          m.name().kind() == MemberKind.METADATA).orElseThrow(() ->
              missing(SnapshotError.Part.METADATA));
      return SnapshotMetadata.read(metadata.in(), metadata.size());
    }
  }

  private static void readRawVersion(Path file) {
    try (InputStream in = openPlain(file, SnapshotError.Part.VERSION)) {
      SnapshotMetadata.readVersion(in, Files.size(file));
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, CauseText.of(e))
          .toException(e);
    }
  }

  private static SnapshotMetadata readRawMetadata(Path file) {
    try (InputStream in = openPlain(file, SnapshotError.Part.METADATA)) {
      return SnapshotMetadata.read(in, Files.size(file));
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.METADATA, CauseText.of(e))
          .toException(e);
    }
  }

  private static InputStream openPlain(Path file, SnapshotError.Part part) throws IOException {
    if (Files.isSymbolicLink(file)) {
      throw new SnapshotError.InvalidSnapshotMember(file.getFileName().toString(),
          "a symbolic link: members must be plain files").toException();
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw missing(part);
    }
    return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
  }

  private static RuntimeException missing(SnapshotError.Part part) {
    return new SnapshotError.CannotRead(part, "the member is missing or out of place")
        .toException();
  }
}
