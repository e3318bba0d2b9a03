package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.progress.Progress;
import dev.cairn.store.BlockReader;
import dev.cairn.store.BlockWriter;
import dev.cairn.store.StoreError;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.FileTree;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.ledger.TestnetParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn demo}: the whole story on an embedded chain, end to end. First snapshots ({@link
 * SnapshotDemo}): export, info, import, bake, check, damaged snapshots refused. Then the layers
 * underneath: the store (a testnet chain in each history mode, cemented and collected, its
 * markers, a check), the context ({@link ContextDemo}) and the testnet ({@link TestnetDemo}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "The whole story on an embedded chain, end to end.",
        "",
        "First, snapshots: generates a testnet of --snapshot-blocks blocks, exports its "
            + "checkpoint as a Full/Tar (zstd) and a Rolling/Raw snapshot, shows 'snapshot info', "
            + "imports both into fresh data directories with every check, bakes on the imported "
            + "nodes and checks them, and shows damaged snapshots refused with their typed "
            + "errors; then prints sizes and timings.",
        "Then the layers underneath. Generates a testnet chain (with side branches) in three "
            + "stores, one per history mode (archive, full:1, rolling:0), in a temporary directory: "
            + "blocks are baked and applied, cycles cemented and garbage collected as each mode says. Prints each store's markers, what "
            + "it kept on disk and the result of a full check, then shows that a second writer is "
            + "refused.",
        "Then builds a context (the node's state, a Merkle tree on LMDB) of --accounts accounts, "
            + "commits a change, reads an old commit, dumps the head, restores the dump with every "
            + "check, shows a damaged dump refused with its typed error, and collects garbage.",
        "Then generates a deterministic testnet (signed reveals and transactions, a protocol "
            + "switch with a migration, side branches) through the validator, has a node bake "
            + "more blocks on it, refuses forged blocks with the error of the rule each breaks, "
            + "and checks the data directory, replaying its recent blocks.",
        "Nothing outside the temporary directory is touched, and it is removed at the end unless "
            + "--keep names a directory to build in."})
final class DemoCommand implements Callable<Integer> {

  private static final List<HistoryMode> MODES =
      List.of(HistoryMode.ARCHIVE, HistoryMode.full(1), HistoryMode.rolling(0));
  private static final int BLOCKS_PER_CYCLE = 8;

  @Spec
  private CommandSpec spec;

  @Option(names = "--blocks", defaultValue = "96", paramLabel = "N",
      description = "Head level of the chain (at least 10). Default: ${DEFAULT-VALUE}.")
  private int blocks;

  @Option(names = "--accounts", defaultValue = "20000", paramLabel = "N",
      description = "Accounts in the demo's context (at least 100). Default: ${DEFAULT-VALUE}.")
  private int accounts;

  @Option(names = "--snapshot-blocks", defaultValue = "400", paramLabel = "N",
      description = "Head level of the snapshot story's testnet (at least 32). "
          + "Default: ${DEFAULT-VALUE}.")
  private int snapshotBlocks;

  @Option(names = "--keep", paramLabel = "DIR",
      description = "Build the stores in DIR (absent or empty) and keep them for inspection.")
  private Path keep;

  @Override
  public Integer call() throws IOException {
    if (blocks < 10 || blocks > 1_000_000) {
      throw new ParameterException(spec.commandLine(), "--blocks must be between 10 and 1000000");
    }
    if (accounts < 100 || accounts > 10_000_000) {
      throw new ParameterException(spec.commandLine(),
          "--accounts must be between 100 and 10000000");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path root = keep != null ? prepare(keep) : Files.createTempDirectory("cairn-demo-");
    long started = System.nanoTime();
    try {
      if (snapshotBlocks < 32 || snapshotBlocks > 1_000_000) {
        throw new ParameterException(spec.commandLine(),
            "--snapshot-blocks must be between 32 and 1000000");
      }
      out.printf("Cairn demo, under %s%n%nSnapshots of an embedded testnet%n", root);
      new SnapshotDemo(out, root, snapshotBlocks, 2000).run();
      out.printf("%nSmart rollups: a rollup node and its snapshots, under %s%n",
          root.resolve("rollups"));
      new RollupDemo(out, root).run();
      out.printf("%nThe store underneath: ");
      out.printf("a testnet chain up to level %d, %d blocks per cycle, a side branch "
          + "every 7th level,%nin one store per history mode under %s%n%n", blocks,
          BLOCKS_PER_CYCLE, root);
      out.printf("%-10s %6s %11s %10s %8s %9s %9s %10s  %s%n", "mode", "head", "checkpoint",
          "savepoint", "caboose", "cemented", "metadata", "disk", "check");
      Markers shown = null;
      for (HistoryMode mode : MODES) {
        Path dir = root.resolve(mode.kind().name().toLowerCase(Locale.ROOT));
        build(dir, mode);
        try (BlockReader store = BlockReader.open(DataDir.at(dir))) {
          Markers m = store.markers();
          List<String> faults = store.check();
          out.printf("%-10s %6d %11d %10d %8d %9d %9d %10s  %s%n", mode, m.head().level(),
              m.checkpoint().level(), m.savepoint().level(), m.caboose().level(),
              countFiles(store.dataDir().cementedDir()),
              countFiles(store.dataDir().cementedMetadataDir()), size(dir),
              faults.isEmpty() ? "clean" : faults.get(0));
          if (mode.kind() == HistoryMode.Kind.FULL) {
            shown = m;
          }
        }
      }
      out.printf("%n(cemented = cycle files kept; metadata = cycles that still keep metadata)%n");
      out.printf("%nMarkers of the full:1 store:%n");
      printMarker(out, "head", shown.head());
      printMarker(out, "checkpoint", shown.checkpoint());
      printMarker(out, "savepoint", shown.savepoint());
      printMarker(out, "caboose", shown.caboose());

      Path full = root.resolve("full");
      try (BlockWriter writer = BlockWriter.open(DataDir.at(full))) {
        out.printf("%nA second writer on %s while the first holds it:%n", full);
        try (BlockWriter second = BlockWriter.open(DataDir.at(full))) {
          out.println("  opened (unexpected!)");
        } catch (CairnException refused) {
          out.printf("  cairn: %s: %s%n", refused.error().name(), refused.error().details());
        }
      }
      out.printf("%nThe context: a Merkle tree on LMDB, under %s%n", root.resolve("context"));
      new ContextDemo(out, root, accounts).run();
      out.printf("%nThe testnet: real blocks, applied by the validator, under %s%n",
          root.resolve("testnet"));
      new TestnetDemo(out, root).run();
      out.printf("%nDone in %.1f s.%s%n", (System.nanoTime() - started) / 1e9,
          keep != null ? " The stores are kept in " + root + "." : "");
    } finally {
      if (keep == null) {
        FileTree.deleteQuietly(root);
      }
    }
    return 0;
  }

  /** A testnet of {@code blocks} blocks in {@code mode}, baked and applied as a node does. */
  private void build(Path dir, HistoryMode mode) {
    FixtureSpec fixture = new FixtureSpec("cairn-demo", blocks, BLOCKS_PER_CYCLE, 1, mode, 2, 7,
        new TestnetParameters(1, 200, 8, 8, FixtureSpec.defaultSwitchLevel(blocks),
            1_000_000_000L));
    TestnetGenerator.generate(dir, fixture, GcPolicy.EVERY_CEMENTING, Progress.NONE);
  }

  private static Path prepare(Path dir) throws IOException {
    DataDir.ofUserPath(dir).requireParent(); // not a file, a FIFO, the root, nor a typo
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dir, "create", e);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new StoreError.InvalidDataDir(dir.toAbsolutePath(),
            "--keep needs an absent or empty directory").toException();
      }
    }
    return dir.toAbsolutePath();
  }

  private static void printMarker(PrintWriter out, String name, BlockRef ref) {
    out.printf("  %-11s %s%n", name, ref);
  }

  private static long countFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static String size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long bytes = files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
      return bytes < 1 << 20 ? (bytes >> 10) + " KiB" : String.format("%.1f MiB", bytes / 1048576.0);
    }
  }
}
