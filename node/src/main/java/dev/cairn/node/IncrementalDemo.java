package dev.cairn.node;

import dev.cairn.context.Context;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.chain.ChainImport;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.export.SnapshotSquasher;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.BlockReader;
import dev.cairn.store.BlockView;
import dev.cairn.store.Fetch;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.ContextHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Step 8 of the demo, incremental snapshots (DESIGN §16): the node bakes a cycle past the full
 * snapshot of step 2, an incremental is exported against it, shown beside a full snapshot of the
 * same block; the chain is imported and compared with a direct import, and squashed into a
 * snapshot byte-identical to the direct export.
 */
final class IncrementalDemo {

  private static final int BAKED = 8;

  private final PrintWriter out;
  private final Path root;

  IncrementalDemo(PrintWriter out, Path root) {
    this.out = out;
    this.root = root;
  }

  void run(DataDir node, SnapshotExporter.Result base) throws IOException {
    out.printf("%n8. Incremental snapshots: a base, and only what changed since (DESIGN §16):%n");
    try (dev.cairn.validator.chain.ChainWriter writer = dev.cairn.validator.chain.ChainWriter
        .open(node, dev.cairn.validator.chain.ChainWriter.Durability.EACH_BLOCK,
            dev.cairn.validator.chain.GcPolicy.AMORTIZED)) {
      TestnetBaker baker = new TestnetBaker(writer, 10, 0);
      for (int i = 0; i < BAKED; i++) {
        baker.bakeNext();
      }
    }
    SnapshotExporter.Result incremental = export(node, "incremental.tar.zst",
        Optional.of(base.manifest()));
    SnapshotExporter.Result direct = export(node, "direct.tar.zst", Optional.empty());
    out.printf("   baked %d blocks (10 operations each), then exported the new checkpoint:%n",
        BAKED);
    out.printf("   %-22s %10s  (%s, %s, %s)%n", "incremental.tar.zst",
        SnapshotDemo.human(incremental.bytes()),
        HumanText.count(incremental.metadata().contextElements(), "context object"),
        HumanText.count(incremental.metadata().cementedCycles(), "cemented cycle"),
        HumanText.count(incremental.metadata().floatingBlocks(), "floating block"));
    out.printf("   %-22s %10s  (%,d context objects; the incremental is %.1f%% of it)%n",
        "direct.tar.zst (full)", SnapshotDemo.human(direct.bytes()),
        direct.metadata().contextElements(), 100.0 * incremental.bytes() / direct.bytes());

    DataDir viaChain = DataDir.at(root.resolve("imported-chain"));
    ChainImport.run(new SnapshotImporter.Request(viaChain, incremental.manifest().toString(),
        Optional.empty(), true, false), List.of(), Progress.NONE);
    DataDir viaDirect = DataDir.at(root.resolve("imported-direct"));
    SnapshotImporter.run(new SnapshotImporter.Request(viaDirect, direct.path().toString(),
        Optional.empty(), true, false), Progress.NONE);
    List<String> chain = describe(viaChain);
    List<String> directly = describe(viaDirect);
    out.printf("   cairn snapshot import %s: base + incremental, each checked, then B "
        + "replayed:%n   %s the direct import (%s)%n", incremental.manifest().getFileName(),
        chain.equals(directly) ? "the same as" : "DIFFERENT FROM", String.join(", ", chain));

    Path squashed = root.resolve("squashed.tar.zst");
    SnapshotSquasher.squash(new SnapshotSquasher.Request(incremental.manifest(), List.of(),
        TrustPolicy.NONE, ExportFormat.TAR, true, squashed, OptionalLong.empty(), "demo",
        Optional.empty()), Progress.NONE);
    boolean identical = Files.mismatch(squashed, direct.path()) == -1;
    out.printf("   cairn snapshot squash %s %s: %s direct.tar.zst%n",
        incremental.manifest().getFileName(), squashed.getFileName(),
        identical ? "byte for byte" : "NOT byte-identical to");
  }

  private SnapshotExporter.Result export(DataDir node, String name, Optional<Path> parent) {
    return SnapshotExporter.export(new SnapshotExporter.Request(node, BlockId.DEFAULT, false,
        ExportFormat.TAR, true, Optional.of(root.resolve(name)), OptionalLong.empty(), "demo",
        Optional.empty(), parent), Progress.NONE);
  }

  /** What two imports of one block must share: markers, cemented files, context objects. */
  private static List<String> describe(DataDir dataDir) throws IOException {
    List<String> facts = new ArrayList<>();
    ContextHash head;
    ContextHash below;
    try (BlockReader store = BlockReader.open(dataDir)) {
      Markers markers = store.markers();
      facts.add("head " + markers.head().level());
      facts.add("savepoint " + markers.savepoint().level());
      long cemented = 0;
      for (BlockView.CementedFile file : store.cementedFiles()) {
        cemented += Files.size(file.path());
      }
      facts.add(store.cementedFiles().size() + " cemented files of "
          + SnapshotDemo.human(cemented));
      head = store.canonicalBlock(markers.head().level(), Fetch.BLOCK).orElseThrow().header()
          .context();
      below = store.canonicalBlock(markers.head().level() - 1, Fetch.BLOCK).orElseThrow()
          .header().context();
    }
    try (Context context = LmdbContext.open(dataDir.contextDir())) {
      Context.GcSummary gc = context.collectGarbage(List.of(head, below));
      facts.add(String.format("%,d context objects, %d unreachable", gc.reachable(),
          gc.deleted()));
    }
    return facts;
  }
}
