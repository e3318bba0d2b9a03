package dev.cairn.snapshot;

import dev.cairn.snapshot.format.Layout;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.format.ProtocolTable;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.datadir.NativeFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@code cairn snapshot info}: reads the version, metadata and protocol table members and
 * nothing else, so it takes the same time for a snapshot of any size. A tar (compressed or not)
 * is read up to the end of its third member; a Raw snapshot's three files are opened by name.
 */
public final class SnapshotInfo {

  /**
   * What {@code info} shows.
   *
   * @param layout raw, tar or tar+zstd
   * @param bytes the snapshot's size on disk (all its files, for Raw); empty for a stream
   * @param manifest the manifest it was read through, if it was given as the snapshot
   */
  public record Header(SnapshotMetadata metadata, Layout layout,
      OptionalLong bytes, ProtocolLevels protocols, Optional<SignedManifest> manifest) {}

  private SnapshotInfo() {}

  public static Header read(String path) {
    return read(path, TrustPolicy.SHOWN_ONLY);
  }

  /**
   * Reads the header of the snapshot at {@code path}; through a manifest, {@code trust} is
   * checked first (with {@link TrustPolicy#SHOWN_ONLY}, signatures are only shown).
   */
  public static Header read(String path, TrustPolicy trust) {
    return read(path, trust, RemoteOptions.DEFAULTS);
  }

  /**
   * As {@link #read(String, TrustPolicy)}; a remote snapshot is reached with {@code remote},
   * and only its first members are fetched (in small ranges), whatever its size.
   */
  public static Header read(String path, TrustPolicy trust, RemoteOptions remote) {
    boolean remoteSource = RemoteLocation.isRemote(path);
    if (!path.equals("-") && !remoteSource) {
      Path file = SnapshotSource.pathOf(path);
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        trust.check(path, Optional.empty());
        return readRaw(file);
      }
    }
    try (Remotes remotes = remoteSource ? new Remotes(remote, Progress.NONE, () -> false) : null;
        SnapshotSource source = SnapshotSource.open(path, Optional.empty(), trust,
        () -> false, Optional.ofNullable(remotes).map(r ->
            new SnapshotSource.RemoteAccess(r, Optional.empty())))) {
      SnapshotSource.Member version = next(source, MemberKind.VERSION, SnapshotError.Part.VERSION);
      SnapshotMetadata.readVersion(version.in(), version.size());
      SnapshotSource.Member member = next(source, MemberKind.METADATA,
          SnapshotError.Part.METADATA);
      SnapshotMetadata metadata = SnapshotMetadata.read(member.in(), member.size());
      source.manifest().ifPresent(manifest -> manifest.requireNames(metadata));
      SnapshotSource.Member table = next(source, MemberKind.PROTOCOL_LEVELS,
          SnapshotError.Part.PROTOCOL_TABLE);
      ProtocolLevels protocols = ProtocolTable.read(table.in(), table.size(),
          metadata.protocolLevels()).levels();
      OptionalLong bytes = source.manifest().isPresent()
          ? OptionalLong.of(source.manifest().get().manifest().size())
          : path.equals("-") || remoteSource ? OptionalLong.empty()
          : OptionalLong.of(size(Path.of(path)));
      return new Header(metadata, source.layout(), bytes, protocols, source.manifest());
    }
  }

  private static SnapshotSource.Member next(SnapshotSource source, MemberKind kind,
      SnapshotError.Part part) {
    return source.next().filter(m -> m.name().kind() == kind).orElseThrow(() -> missing(part));
  }

  private static Header readRaw(Path dir) {
    Path versionFile = SnapshotSource.rawMemberFile(dir, MemberKind.VERSION);
    try (FileChannel version = openPlain(versionFile, SnapshotError.Part.VERSION);
        FileChannel metadataFile = openPlain(SnapshotSource.rawMemberFile(dir,
            MemberKind.METADATA), SnapshotError.Part.METADATA);
        FileChannel table = openPlain(SnapshotSource.rawMemberFile(dir,
            MemberKind.PROTOCOL_LEVELS), SnapshotError.Part.PROTOCOL_TABLE)) {
      SnapshotMetadata.readVersion(in(version), version.size());
      SnapshotMetadata metadata = SnapshotMetadata.read(in(metadataFile), metadataFile.size());
      ProtocolLevels protocols = ProtocolTable.read(in(table), table.size(),
          metadata.protocolLevels()).levels();
      return new Header(metadata, Layout.RAW, OptionalLong.of(treeSize(dir)),
          protocols, Optional.empty());
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, CauseText.of(e))
          .toException(e);
    }
  }

  private static InputStream in(FileChannel channel) {
    return Channels.newInputStream(channel);
  }

  /** Opens a Raw member by name: a plain file, checked on what was opened. */
  private static FileChannel openPlain(Path file, SnapshotError.Part part) throws IOException {
    if (Files.isSymbolicLink(file)) {
      throw new SnapshotError.InvalidSnapshotMember(file.getFileName().toString(),
          "a symbolic link: members must be plain files").toException();
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw missing(part);
    }
    try {
      return NativeFiles.openRegularFile(file);
    } catch (NativeFiles.NotARegularFileException e) {
      throw new SnapshotError.InvalidSnapshotMember(file.getFileName().toString(),
          "not a plain file").toException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, CauseText.of(e))
          .toException(e);
    }
  }

  private static long treeSize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static RuntimeException missing(SnapshotError.Part part) {
    return new SnapshotError.CannotRead(part, "the member is missing or out of place")
        .toException();
  }
}
