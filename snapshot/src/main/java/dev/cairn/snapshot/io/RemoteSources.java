package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.Remotes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot at a remote location, told apart by content as a local file is: a manifest (read
 * whole, at most {@link SignedManifest#MAX_BYTES}, its trust checked before anything else is
 * fetched, then the snapshot or parts beside it read through it), or a tar or tar+zstd file read
 * as it downloads.
 */
final class RemoteSources {

  private RemoteSources() {}

  static SnapshotSource open(RemoteLocation location, TrustPolicy trust, Remotes remotes,
      Optional<Path> downloads) {
    String shown = location.display();
    BufferedInputStream in = new BufferedInputStream(remotes.open(location,
        OptionalLong.empty()), 1 << 16);
    try {
      if (ManifestFiles.looksLikeOne(in)) {
        SignedManifest signed = readManifest(in, shown);
        in.close();
        trust.check(shown, Optional.of(signed));
        return ManifestSource.openRemote(location, signed, remotes, downloads);
      }
      trust.check(shown, Optional.empty());
      return TarSource.of(in, shown);
    } catch (RuntimeException e) {
      closeQuietly(in, e);
      throw e;
    } catch (IOException e) {
      closeQuietly(in, e);
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, shown + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  /** The manifest's bytes, refused unread past {@link SignedManifest#MAX_BYTES}. */
  private static SignedManifest readManifest(InputStream in, String shown) throws IOException {
    byte[] bytes = in.readNBytes(SignedManifest.MAX_BYTES + 1);
    if (bytes.length > SignedManifest.MAX_BYTES) {
      throw new SnapshotError.InvalidManifest(shown, "longer than the "
          + SignedManifest.MAX_BYTES + " bytes a manifest may have").toException();
    }
    return SignedManifest.decode(bytes, shown);
  }

  /** A source that owns the remote stores it reads through, and closes them with itself. */
  static final class Owning implements SnapshotSource {
    private final SnapshotSource inner;
    private final Remotes remotes;

    Owning(SnapshotSource inner, Remotes remotes) {
      this.inner = inner;
      this.remotes = remotes;
    }

    @Override
    public Optional<Member> next() {
      return inner.next();
    }

    @Override
    public Optional<SignedManifest> manifest() {
      return inner.manifest();
    }

    @Override
    public dev.cairn.snapshot.format.Layout layout() {
      return inner.layout();
    }

    @Override
    public void close() {
      try {
        inner.close();
      } finally {
        remotes.close();
      }
    }
  }

  private static void closeQuietly(InputStream in, Exception failure) {
    try {
      in.close();
    } catch (IOException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
