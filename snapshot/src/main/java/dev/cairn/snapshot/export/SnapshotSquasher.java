package dev.cairn.snapshot.export;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.chain.ChainAssembler;
import dev.cairn.snapshot.chain.SnapshotChain;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.snapshot.io.SnapshotSink;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.validator.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code cairn snapshot squash}: a base and its incrementals turned into the one ordinary
 * snapshot of the last block, without a node (DESIGN §16). The chain is resolved and checked
 * ({@link SnapshotChain}), assembled in the destination's staging directory ({@link
 * ChainAssembler}, every context dump and delta verified as it is applied), checked with every
 * check of an import that lands nothing (B replayed, every block hashed and linked), and only
 * then its members written, in order, through the sink of the format asked for, with a manifest, as an export
 * writes them: the squashed snapshot is byte for byte the direct export of that block from the
 * node that exported the chain. Memory stays bounded; the staging directory holds the rebuilt
 * context and the spooled blocks until the snapshot is renamed into place.
 */
public final class SnapshotSquasher {

  /**
   * What to squash, and where.
   *
   * @param manifest the manifest of the chain's last snapshot
   * @param parents manifests of its parents given apart ({@code --parent}), looked at first
   * @param trust whose signatures every manifest of the chain must carry
   */
  public record Request(Path manifest, List<Path> parents, TrustPolicy trust,
      SnapshotSink.ExportFormat format, boolean zstd, Path destination, OptionalLong splitSize,
      String cairnVersion, Optional<SigningKey> signWith) {}

  /** What was written: the squashed snapshot, its manifest and how many snapshots it took. */
  public record Result(Path path, Path manifest, SnapshotMetadata metadata, long bytes,
      int snapshots) {}

  private SnapshotSquasher() {}

  public static Result squash(Request request, Progress progress) {
    SnapshotChain chain = SnapshotChain.resolve(request.manifest(), request.parents(),
        request.trust());
    Path destination = request.destination().toAbsolutePath().normalize();
    SnapshotSink.checkDestination(destination);
    try (OwnedDirectory staging = SnapshotExporter.stagingDirectory(destination)) {
      SnapshotSink.checkSiblings(destination);
      Path scratch = DataDir.chainScratchIn(staging.path());
      createDirectory(scratch);
      try (ChainAssembler.Assembled assembled = ChainAssembler.assemble(chain, scratch,
              progress)) {
        // Every check of an import, landing nothing, before a byte is written (or signed).
        try (SnapshotSource checked = assembled.source()) {
          SnapshotImporter.run(new SnapshotImporter.Request(DataDir.verifyTarget(scratch),
              request.manifest().toString(), Optional.empty(), true, false, Optional.empty(),
              TrustPolicy.NONE, false), checked, progress);
        }
        return write(request, chain, destination, staging, assembled, progress);
      }
    }
  }

  private static Result write(Request request, SnapshotChain chain, Path destination,
      OwnedDirectory staging, ChainAssembler.Assembled assembled, Progress progress) {
    SnapshotMetadata metadata = assembled.metadata();
    try (SnapshotSource source = assembled.source();
        SnapshotSink sink = SnapshotSink.open(staging.path(), destination, metadata.block(),
            request.format(), request.zstd(), request.splitSize())) {
      progress.phase("writing " + destination.getFileName(), -1);
      for (SnapshotSource.Member member = source.next().orElse(null); member != null;
          member = source.next().orElse(null)) {
        progress.checkCancelled();
        SnapshotSource.Member copied = member;
        sink.add(copied.name(), copied.size(), out -> copied.in().transferTo(out));
      }
      SnapshotSink.Written written = sink.commit(what -> SnapshotExporter.manifestBytes(
          metadata, what, destination.getFileName().toString(), destination.toString(),
          request.cairnVersion(), request.signWith()));
      return new Result(destination, ManifestFiles.manifestOf(destination), metadata,
          written.size(), chain.links().size());
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectory(dir);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(dir, "create", e);
    }
  }
}
