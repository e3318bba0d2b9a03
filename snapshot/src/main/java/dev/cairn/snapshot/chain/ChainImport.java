package dev.cairn.snapshot.chain;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirStaging;
import dev.cairn.store.datadir.OwnedDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code cairn snapshot import} (and {@code verify}) of an incremental snapshot (DESIGN §16):
 * the chain resolved and its links checked ({@link SnapshotChain}), every manifest held to the
 * trust policy, the data directory checked bare; then the chain assembled ({@link
 * ChainAssembler}: each context dump or delta verified and applied in order) beside the data
 * directory, in {@link DataDir#chainStagingDir()}; then that snapshot imported with every check
 * of an ordinary import ({@link SnapshotImporter}): B replayed on the rebuilt context, every
 * block checked and linked, the data directory landing whole or not at all. The result is the
 * direct import's, by construction: the assembled snapshot is the direct export's.
 */
public final class ChainImport {

  private ChainImport() {}

  /**
   * Imports the chain whose tip's manifest is {@code request.source()}, looking for parents'
   * manifests among {@code parents}, then beside each child's.
   */
  public static SnapshotImporter.Result run(SnapshotImporter.Request request, List<Path> parents,
      Progress progress) {
    SnapshotChain chain = SnapshotChain.resolve(Path.of(request.source()), parents,
        request.trust());
    DataDir dataDir = request.dataDir();
    if (request.land()) {
      // Refused now, not after the chain has been read: a data directory that is not bare.
      DataDirStaging.begin(dataDir, request.force()).close();
    }
    SignedManifest tip = chain.reread(chain.tip()); // what the result names, read before
    OwnedDirectory.deleteIfAbandoned(dataDir.chainStagingDir());
    try (OwnedDirectory scratch = OwnedDirectory.create(dataDir.chainStagingDir())) {
      SnapshotImporter.Result result;
      try (ChainAssembler.Assembled assembled = ChainAssembler.assemble(chain, scratch.path(),
              progress);
          SnapshotSource source = assembled.source()) {
        result = SnapshotImporter.run(new SnapshotImporter.Request(dataDir, request.source(),
            request.expectedBlock(), request.check(), request.force(), Optional.empty(),
            TrustPolicy.NONE, request.land(), request.remote()), source, progress);
      }
      return new SnapshotImporter.Result(result.metadata(), result.markers(),
          result.historyMode(), result.replacedNode(), result.replaced(), Optional.of(tip));
    }
  }
}
