package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.NativeFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.Remotes;

/**
 * A snapshot read through its manifest: the file, the parts or the Raw directory it names beside
 * itself, every byte checked against the manifest's sizes and SHA-256 digests as it streams past
 * ({@link DigestedInput}, {@link PartsInput}), the last check made when the last member has been
 * read, so before an import lands.
 */
final class ManifestSource implements SnapshotSource {

  private final SnapshotSource inner;
  private final DigestedInput whole;
  private final SignedManifest manifest;

  private ManifestSource(SnapshotSource inner, DigestedInput whole, SignedManifest manifest) {
    this.inner = inner;
    this.whole = whole;
    this.manifest = manifest;
  }

  /** Opens the snapshot that the manifest at {@code path}, already read, describes. */
  static SnapshotSource open(Path path, SignedManifest signed) {
    SnapshotManifest manifest = signed.manifest();
    if (manifest.layout() == Layout.RAW) {
      Path directory = ManifestFiles.beside(path, manifest.snapshotName());
      if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        throw new SnapshotError.MissingPart(manifest.snapshotName(), "no directory of that "
            + "name beside the manifest " + path).toException();
      }
      return new ManifestSource(new RawSource(directory, Optional.of(manifest.files())), null,
          signed);
    }
    InputStream bytes;
    if (manifest.split()) {
      String unlisted = SnapshotManifest.partName(manifest.snapshotName(), manifest.block(),
          manifest.parts().size());
      if (Files.exists(ManifestFiles.beside(path, unlisted), LinkOption.NOFOLLOW_LINKS)) {
        throw new SnapshotError.InvalidManifest(path.toString(), unlisted + " lies beside it "
            + "but it lists " + manifest.parts().size() + " parts").toException();
      }
      bytes = new PartsInput(manifest.parts(), PartsInput.besideFile(path));
    } else {
      Path file = ManifestFiles.beside(path, manifest.snapshotName());
      try {
        bytes = Channels.newInputStream(NativeFiles.openRegularFile(file));
      } catch (NoSuchFileException e) {
        throw new SnapshotError.MissingPart(manifest.snapshotName(), "it is not beside the "
            + "manifest " + path).toException(e);
      } catch (NativeFiles.NotARegularFileException e) {
        throw new SnapshotError.MissingPart(manifest.snapshotName(), "not a plain file")
            .toException(e);
      } catch (IOException e) {
        throw new SnapshotError.MissingPart(manifest.snapshotName(), CauseText.of(e))
            .toException(e);
      }
    }
    // Parts checked one by one are the whole checked: the whole's size is checked again, its
    // digest only when there are no parts (hashing every byte once, not twice).
    DigestedInput whole = new DigestedInput(bytes, manifest.snapshotName(), manifest.size(),
        manifest.split() ? Optional.empty() : manifest.sha256());
    return checked(TarSource.of(new BufferedInputStream(whole, 1 << 16), path.toString()),
        whole, signed, path.toString());
  }

  /**
   * Opens the snapshot that the remote manifest at {@code location}, already read, describes:
   * its file or its parts beside it, downloaded as they are read, or, with {@code downloads}
   * given, parts fetched ahead into that directory ({@link PartPrefetcher}). A Raw snapshot (a
   * directory) is not read from a remote store.
   */
  static SnapshotSource openRemote(RemoteLocation location, SignedManifest signed,
      Remotes remotes, Optional<Path> downloads) {
    SnapshotManifest manifest = signed.manifest();
    String shown = location.display();
    if (manifest.layout() == Layout.RAW) {
      throw new SnapshotError.NotASnapshot(shown, "it describes a raw snapshot (a directory), "
          + "which is not read from a remote store; publish it as tar").toException();
    }
    InputStream bytes;
    if (manifest.split()) {
      PartsInput.Opener opener = downloads.isPresent()
          ? new PartPrefetcher(location, manifest.parts(), remotes, downloads.get())
          : (index, part) -> new PartsInput.Opened(fetch(remotes, location, part.name(),
              part.size()), false);
      bytes = new PartsInput(manifest.parts(), opener);
    } else {
      bytes = fetch(remotes, location, manifest.snapshotName(), manifest.size());
    }
    DigestedInput whole = new DigestedInput(bytes, manifest.snapshotName(), manifest.size(),
        manifest.split() ? Optional.empty() : manifest.sha256());
    return checked(TarSource.of(new BufferedInputStream(whole, 1 << 16), shown), whole, signed,
        shown);
  }

  /**
   * The file {@code name} beside the remote manifest at {@code manifest}, downloaded as it is
   * read; a store that gives it another length than the manifest's {@code size} is {@code
   * Digest_mismatch} on its size, as a local file of the wrong size is, before a byte is taken.
   */
  static InputStream fetch(Remotes remotes, RemoteLocation manifest, String name, long size) {
    return remotes.open(manifest.beside(name), OptionalLong.of(size), found ->
        new SnapshotError.DigestMismatch(name, size + " bytes", found + " bytes (as its store "
            + "says)").toException());
  }

  /**
   * Standard input, which must be the tar (or tar+zstd) snapshot {@code signed} describes: its
   * size and SHA-256 are checked at its end.
   */
  static SnapshotSource ofStream(InputStream in, Path path, SignedManifest signed) {
    SnapshotManifest manifest = signed.manifest();
    if (manifest.layout() == Layout.RAW) {
      throw new SnapshotError.InvalidManifest(path.toString(), "it describes a raw snapshot, "
          + "which standard input cannot be").toException();
    }
    DigestedInput whole = new DigestedInput(in, "standard input", manifest.size(),
        manifest.sha256());
    return checked(TarSource.of(new BufferedInputStream(whole, 1 << 16), "standard input"),
        whole, signed, path.toString());
  }

  private static SnapshotSource checked(SnapshotSource tar, DigestedInput whole,
      SignedManifest signed, String path) {
    if (tar.layout() != signed.manifest().layout()) {
      tar.close();
      throw new SnapshotError.InvalidManifest(path, "it says the snapshot is "
          + signed.manifest().layout() + ", and it is " + tar.layout()).toException();
    }
    return new ManifestSource(tar, whole, signed);
  }

  @Override
  public Optional<Member> next() {
    Optional<Member> member = inner.next();
    if (member.isEmpty() && whole != null) {
      whole.requireComplete();
    }
    return member;
  }

  @Override
  public Optional<SignedManifest> manifest() {
    return Optional.of(manifest);
  }

  @Override
  public Layout layout() {
    return inner.layout();
  }

  @Override
  public void close() {
    inner.close();
  }
}
