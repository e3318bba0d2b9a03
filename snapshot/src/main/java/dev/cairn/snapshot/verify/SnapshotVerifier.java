package dev.cairn.snapshot.verify;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.chain.ChainImport;
import dev.cairn.snapshot.chain.SnapshotChain;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Verifies a snapshot by importing it, with every check, into a scratch directory that this
 * verify owns ({@link OwnedDirectory}) and always removes, without landing it and without
 * writing the cemented files (they are checked as they pass): so a verify checks exactly what
 * an import checks, in the same order, as the bytes stream once (B−1's context restored and
 * verified object by object, B replayed on it, every block hashed and linked, and through a
 * manifest every digest), and the only thing it writes is that scratch directory (private to
 * the user, of an unpredictable name). Scratch directories that killed verifies of the same
 * user left in the same place are swept; nobody else's.
 */
public final class SnapshotVerifier {

  /**
   * What to verify.
   *
   * @param source a file, a Raw directory, a manifest, or {@code -}
   * @param manifest the manifest that standard input must match
   * @param scratchParent where the scratch directory is made (it needs about the snapshot's
   *     size, and the context's; and a remote snapshot's parts fetched ahead)
   * @param remote how a remote source is reached
   * @param parents with an incremental snapshot's manifest: parents' manifests kept elsewhere
   */
  public record Request(String source, Optional<Path> manifest, Optional<BlockHash> expectedBlock,
      Path scratchParent, TrustPolicy trust, RemoteOptions remote, List<Path> parents) {

    public Request {
      parents = List.copyOf(parents);
    }

    /** A request with no parents given apart. */
    public Request(String source, Optional<Path> manifest, Optional<BlockHash> expectedBlock,
        Path scratchParent, TrustPolicy trust, RemoteOptions remote) {
      this(source, manifest, expectedBlock, scratchParent, trust, remote, List.of());
    }

    /** A request with remote sources reached with the default options. */
    public Request(String source, Optional<Path> manifest, Optional<BlockHash> expectedBlock,
        Path scratchParent, TrustPolicy trust) {
      this(source, manifest, expectedBlock, scratchParent, trust, RemoteOptions.DEFAULTS);
    }
  }

  /** What was verified: the snapshot, and the manifest it was read through, if any. */
  public record Report(SnapshotMetadata metadata, Optional<SignedManifest> manifest) {}

  private SnapshotVerifier() {}

  /** The scratch directory is this user's alone: 0700. */
  private static void keepPrivate(Path scratch) {
    try {
      Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException | IOException e) {
      // a file system without POSIX permissions: it has no other users to keep out either
    }
  }

  /**
   * Deletes the scratch directories that killed verifies of this user left in {@code parent}:
   * only directories (not links) owned by the user who owns {@code ours}, carrying an owner
   * file that no process holds. The parent may be shared (the system's temporary directory):
   * someone else's directory of a name like ours is never touched.
   */
  private static void sweep(Path parent, Path ours) {
    UserPrincipal me;
    List<Path> candidates;
    try (Stream<Path> entries = Files.list(parent)) {
      me = Files.getOwner(ours, LinkOption.NOFOLLOW_LINKS);
      candidates = entries.filter(p -> p.getFileName().toString()
          .startsWith(DataDir.VERIFY_SCRATCH_PREFIX) && !p.equals(ours)).toList();
    } catch (IOException | UncheckedIOException e) {
      return; // nothing swept: what is there stays for the next verify
    }
    for (Path candidate : candidates) {
      try {
        if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)
            && me.equals(Files.getOwner(candidate, LinkOption.NOFOLLOW_LINKS))) {
          OwnedDirectory.deleteIfAbandoned(candidate);
        }
      } catch (IOException | CairnException e) {
        // another user's, or going away under us: not ours to insist on
      }
    }
  }

  public static Report verify(Request request, Progress progress) {
    if (!Files.isDirectory(request.scratchParent())) {
      throw new SnapshotError.SnapshotIoFailure(request.scratchParent(), "make a scratch "
          + "directory in", "it is not a directory (give an existing one with --scratch-dir)")
          .toException();
    }
    try (OwnedDirectory scratch = OwnedDirectory.create(
        DataDir.verifyScratchDir(request.scratchParent()))) {
      keepPrivate(scratch.path());
      sweep(request.scratchParent(), scratch.path());
      SnapshotImporter.Request importing = new SnapshotImporter.Request(
          DataDir.verifyTarget(scratch.path()), request.source(), request.expectedBlock(), true,
          false, request.manifest(), request.trust(), false, request.remote());
      // An incremental snapshot's manifest: its whole chain.
      SnapshotImporter.Result result = SnapshotChain.isIncrementalManifest(request.source())
          ? ChainImport.run(importing, request.parents(), progress)
          : SnapshotImporter.run(importing, progress);
      return new Report(result.metadata(), result.manifest());
    }
  }
}
