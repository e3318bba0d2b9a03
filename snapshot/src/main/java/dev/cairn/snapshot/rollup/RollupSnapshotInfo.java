package dev.cairn.snapshot.rollup;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import java.util.Optional;

/**
 * {@code cairn rollup snapshot info}: a rollup snapshot's metadata and whether it is compressed,
 * from its first two members only (over HTTP(S) or S3, only their first bytes are fetched).
 */
public final class RollupSnapshotInfo {

  /**
   * What {@code info} shows.
   *
   * @param layout tar or tar+zstd: whether it is compressed
   * @param manifest the manifest it was read through, if it was given as the snapshot
   */
  public record Header(RollupSnapshotMetadata metadata, Layout layout,
      Optional<SignedManifest> manifest) {}

  private RollupSnapshotInfo() {}

  public static Header read(String path, TrustPolicy trust, RemoteOptions remote) {
    boolean remoteSource = RemoteLocation.isRemote(path);
    try (Remotes remotes = remoteSource ? new Remotes(remote, Progress.NONE, () -> false) : null;
        SnapshotSource source = SnapshotSource.open(path, Optional.empty(), trust, () -> false,
            Optional.ofNullable(remotes).map(r ->
                new SnapshotSource.RemoteAccess(r, Optional.empty())))) {
      SnapshotSource.Member version = SnapshotSource.expect(source, MemberKind.VERSION);
      SnapshotMetadata.readVersion(version.in(), version.size());
      SnapshotSource.Member member = SnapshotSource.expect(source, MemberKind.METADATA);
      RollupSnapshotMetadata metadata = RollupSnapshotMetadata.read(member.in(), member.size());
      return new Header(metadata, source.layout(), source.manifest());
    }
  }
}
