package dev.cairn.snapshot.export;

import dev.cairn.context.Context;
import dev.cairn.context.ContextDump;
import dev.cairn.context.ObjectSet;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.chain.ChainAssembler;
import dev.cairn.snapshot.chain.SnapshotChain;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.ContextHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The context part of an incremental export: the delta of B1−1's commit against the objects
 * B0−1's commit reaches (DESIGN §16). Those objects come from this node's context while it still
 * holds B0−1's commit; once its garbage collection has taken it, from the parent's chain of
 * snapshots, whose contexts are rebuilt (verified, as an import does) in the export's staging
 * directory and walked there. Either way the set is kept off the heap.
 */
final class ParentContext {

  private ParentContext() {}

  static ContextDump delta(Context node, ExportPlan plan, IncrementalPlan incremental,
      Path staging, Progress progress) {
    ContextHash commit = plan.predecessor().header().context();
    progress.phase("context (the parent's objects)", -1);
    if (node.contains(incremental.parentContext())) {
      try (ObjectSet parent = node.reachable(incremental.parentContext(), progress)) {
        progress.phase("context (walking B-1's new objects)", -1);
        return node.openDelta(commit, parent, progress);
      }
    }
    progress.notice("this node no longer holds the parent's context: rebuilding it from "
        + incremental.parentManifest().getFileName());
    SnapshotChain chain = SnapshotChain.resolve(incremental.parentManifest(), List.of(),
        TrustPolicy.NONE);
    Path scratch = DataDir.chainScratchIn(staging);
    try {
      Files.createDirectory(scratch);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(scratch, "create", e);
    }
    try (LmdbContext rebuilt = ChainAssembler.rebuildContext(chain, scratch, progress);
        ObjectSet parent = rebuilt.reachable(incremental.parentContext(), progress)) {
      progress.phase("context (walking B-1's new objects)", -1);
      return node.openDelta(commit, parent, progress);
    }
  }
}
