package dev.cairn.snapshot.verify;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.hash.BlockHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Verifies a snapshot by importing it, with every check, into a scratch directory that this
 * verify owns ({@link OwnedDirectory}) and always removes: so a verify checks exactly what an
 * import checks, in the same order, as the bytes stream once (B−1's context restored and
 * verified object by object, B replayed on it, every block hashed and linked, and through a
 * manifest every digest), and the only thing it writes is that scratch directory. Scratch
 * directories that killed verifies left in the same place are swept first.
 */
public final class SnapshotVerifier {

  /**
   * What to verify.
   *
   * @param source a file, a Raw directory, a manifest, or {@code -}
   * @param manifest the manifest that standard input must match
   * @param scratchParent where the scratch directory is made (it needs about the snapshot's
   *     size, and the context's)
   */
  public record Request(String source, Optional<Path> manifest, Optional<BlockHash> expectedBlock,
      Path scratchParent, TrustPolicy trust) {}

  /** What was verified: the snapshot, and the manifest it was read through, if any. */
  public record Report(SnapshotMetadata metadata, Optional<SignedManifest> manifest) {}

  private SnapshotVerifier() {}

  public static Report verify(Request request, Progress progress) {
    if (!Files.isDirectory(request.scratchParent())) {
      throw new SnapshotError.SnapshotIoFailure(request.scratchParent(), "make a scratch "
          + "directory in", "it is not a directory (give an existing one with --scratch-dir)")
          .toException();
    }
    OwnedDirectory.deleteAbandoned(request.scratchParent().toAbsolutePath().normalize(),
        name -> name.startsWith(DataDir.VERIFY_SCRATCH_PREFIX));
    try (OwnedDirectory scratch = OwnedDirectory.create(
        DataDir.verifyScratchDir(request.scratchParent()))) {
      SnapshotImporter.Result result = SnapshotImporter.run(new SnapshotImporter.Request(
          DataDir.verifyTarget(scratch.path()), request.source(), request.expectedBlock(), true,
          false, request.manifest(), request.trust()), progress);
      return new Report(result.metadata(), result.manifest());
    }
  }
}
