package dev.cairn.node;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.progress.Progress;
import dev.cairn.rollup.L2Level;
import dev.cairn.rollup.RollupNode;
import dev.cairn.rollup.RollupStore;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.rollup.RollupSnapshotExporter;
import dev.cairn.snapshot.rollup.RollupSnapshotImporter;
import dev.cairn.store.BlockReader;
import dev.cairn.store.Fetch;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.validator.chain.ChainWriter;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.ledger.TestnetParameters;
import dev.cairn.validator.rollup.RollupSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's rollup chapter (DESIGN §17): a testnet whose third protocol brings an arith rollup,
 * a rollup node following it, full and compact snapshots of that node side by side, a compact
 * import rebuilding every level above its one state, the rebuilt state matching L1's cemented
 * commitment, and the imported node carrying on with L1.
 */
final class RollupDemo {

  private static final int BLOCKS = 200;

  private final PrintWriter out;
  private final Path root;

  RollupDemo(PrintWriter out, Path root) {
    this.out = out;
    this.root = root;
  }

  void run() throws java.io.IOException {
    Path dir = java.nio.file.Files.createDirectories(root.resolve("rollups"));
    DataDir l1 = TestnetGenerator.generate(dir.resolve("l1"), new FixtureSpec("cairn-demo",
        BLOCKS, 8, 1, HistoryMode.full(1), 4, 0, new TestnetParameters(1, 200, 8, 8, 2,
            1_000_000_000L).withRollups(3, 1)), GcPolicy.AMORTIZED, Progress.NONE).dataDir();
    RollupSummary rollup = summary(l1);
    out.printf("1. A testnet of %d blocks whose third protocol (level 3) brings smart rollups:"
        + "%n   its operator originated %s (arith) and sends it arith%n   programs in every "
        + "block; its bakers run the PVM, publish a commitment every 4 levels%n   and cement "
        + "each 8 levels later (last cemented: inbox level %d).%n", BLOCKS, rollup.address(),
        rollup.lastCemented().inboxLevel());

    RollupDataDir node = RollupDataDir.at(dir.resolve("rollup-node"));
    RollupNode.Result ran = RollupNode.run(new RollupNode.Request(node, l1,
        Optional.of(rollup.address()), RollupConfig.Mode.ARCHIVE, 0, false, 1),
        RollupNode.Control.NONE, Progress.NONE);
    out.printf("2. cairn rollup run: %d levels through the PVM, each inbox hash and commitment "
        + "checked%n   against L1's; head level %d, state %s, %,d ticks.%n", ran.levels(),
        ran.head().block().level(), ran.head().block().state(), ran.head().block().ticks());

    RollupSnapshotExporter.Result full = export(node, dir.resolve("full.rollup.zst"), false);
    RollupSnapshotExporter.Result compact = export(node, dir.resolve("compact.rollup.zst"),
        true);
    out.printf("3. cairn rollup snapshot export (each checked by an import into scratch):%n");
    out.printf("   %-20s %10s  %4d levels, %3d states   (the node held %.1f ms)%n",
        "full.rollup.zst", SnapshotDemo.human(full.bytes()), full.metadata().levels(),
        full.metadata().contextCommits(), full.holdNanos() / 1e6);
    out.printf("   %-20s %10s  %4d levels, %3d state    (the node held %.1f ms)%n",
        "compact.rollup.zst", SnapshotDemo.human(compact.bytes()), compact.metadata().levels(),
        compact.metadata().contextCommits(), compact.holdNanos() / 1e6);

    RollupDataDir imported = RollupDataDir.at(dir.resolve("imported"));
    RollupSnapshotImporter.Result result = RollupSnapshotImporter.run(
        new RollupSnapshotImporter.Request(compact.manifest().toString(), imported,
            Optional.of(l1), true, false, TrustPolicy.NONE, Optional.empty()), Progress.NONE);
    int cemented = rollup.lastCemented().inboxLevel();
    String ours;
    try (RollupStore store = RollupStore.openReader(imported)) {
      ours = store.level(cemented).flatMap(L2Level::commitment).map(c -> c.hash().toString())
          .orElse("none");
    }
    out.printf("4. cairn rollup snapshot import compact.rollup.zst: one state restored, %d levels"
        + "%n   rebuilt by the PVM (%.0f levels/s), each state checked against its L2 block;%n"
        + "   L1's last cemented commitment  %s%n   the rebuilt state commits to   %s  %s%n",
        result.replayed(), result.replayed() / Math.max(result.replayNanos() / 1e9, 1e-9),
        rollup.lastCemented().hash(), ours,
        ours.equals(rollup.lastCemented().hash().toString()) ? "(the same)" : "(DIFFERENT!)");

    try (ChainWriter writer = ChainWriter.open(l1, ChainWriter.Durability.AT_CLOSE,
        GcPolicy.AMORTIZED)) {
      TestnetBaker baker = new TestnetBaker(writer, 4, 0);
      for (int i = 0; i < 16; i++) {
        baker.bakeNext();
      }
    }
    RollupNode.Result after = RollupNode.run(new RollupNode.Request(imported, l1,
        Optional.empty(), RollupConfig.Mode.FULL, 0, false, 1), RollupNode.Control.NONE,
        Progress.NONE);
    RollupNode.Result original = RollupNode.run(new RollupNode.Request(node, l1,
        Optional.empty(), RollupConfig.Mode.ARCHIVE, 0, false, 1), RollupNode.Control.NONE,
        Progress.NONE);
    out.printf("5. L1 bakes 16 more blocks; the imported node runs on from its head: %d levels,%n"
        + "   every new commitment L1 publishes agrees, and its head is %s the original's.%n",
        after.levels(), after.head().block().equals(original.head().block()) ? "exactly"
            : "NOT");
  }

  private static RollupSnapshotExporter.Result export(RollupDataDir node, Path file,
      boolean compact) {
    return RollupSnapshotExporter.export(new RollupSnapshotExporter.Request(node,
        Optional.of(file), compact, RollupSnapshotExporter.Compression.ON_THE_FLY, true,
        Optional.empty(), "demo"), Progress.NONE);
  }

  private RollupSummary summary(DataDir l1) {
    try (BlockReader store = BlockReader.open(l1);
        LmdbContext context = LmdbContext.openReadOnly(l1.contextDir(), root)) {
      var head = store.block(store.markers().head().hash(), Fetch.BLOCK).orElseThrow();
      return RollupSummary.of(context.checkout(head.header().context())).get(0);
    }
  }
}
