package dev.cairn.node;

import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.ledger.TestnetParameters;
import dev.cairn.store.BlockReader;
import dev.cairn.validator.rollup.RollupSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cairn fixtures}: deterministic testnets. */
@Command(name = "fixtures", mixinStandardHelpOptions = true,
    description = "Deterministic testnet data directories, for trying Cairn and for tests.")
final class FixturesCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: try 'generate'");
  }

  @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
      description = {
          "Generates a testnet data directory: genesis accounts derived from --seed, then "
              + "--blocks blocks baked and applied as a node does (reveals and transactions "
              + "signed with Ed25519, a protocol switch with a context migration, occasional "
              + "side branches), cemented and pruned on the way as the history mode says.",
          "The same options give the same chain, byte for byte. The directory is built as "
              + "<dir>.part and renamed when complete, so an interrupted run leaves nothing."})
  static final class Generate implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
        description = "Where to create the testnet; must be absent or empty.")
    private Path dataDir;

    @Option(names = "--blocks", defaultValue = "64", paramLabel = "N",
        description = "Level of the head. Default: ${DEFAULT-VALUE}.")
    private int blocks;

    @Option(names = "--blocks-per-cycle", defaultValue = "8", paramLabel = "K",
        description = "Blocks in a cycle. Default: ${DEFAULT-VALUE}.")
    private int blocksPerCycle;

    @Option(names = "--max-operations-ttl", defaultValue = "8", paramLabel = "T",
        description = "How many blocks back an operation's branch may be. Default: "
            + "${DEFAULT-VALUE}.")
    private int maxOperationsTtl;

    @Option(names = "--preservation-cycles", defaultValue = "1", paramLabel = "C",
        description = "Cycles always kept with metadata below the checkpoint. Default: "
            + "${DEFAULT-VALUE}.")
    private int preservationCycles;

    @Option(names = "--accounts", defaultValue = "1000", paramLabel = "A",
        description = "Bootstrap accounts. Default: ${DEFAULT-VALUE}.")
    private int accounts;

    @Option(names = "--bakers", defaultValue = "8", paramLabel = "B",
        description = "How many of the first accounts bake. Default: ${DEFAULT-VALUE}.")
    private int bakers;

    @Option(names = "--ops-per-block", defaultValue = "10", paramLabel = "O",
        description = "Operations per block. Default: ${DEFAULT-VALUE}.")
    private int opsPerBlock;

    @Option(names = "--history-mode", defaultValue = "full", paramLabel = "MODE",
        description = "archive, full[:N] or rolling[:N]. Default: ${DEFAULT-VALUE} (offset 1).")
    private String historyMode;

    @Option(names = "--protocol-switch-at", paramLabel = "L",
        description = "Level at which the second protocol activates (0: never). Default: half "
            + "of --blocks, at least 2.")
    private Integer protocolSwitchAt;

    @Option(names = "--rollups", defaultValue = "0", paramLabel = "N",
        description = {"Originate N arith smart rollups when the rollup protocol activates, and "
            + "send each arith programs in every block; the bakers publish and cement their "
            + "commitments. Default: ${DEFAULT-VALUE} (no rollup protocol: the chain is the one "
            + "Cairn generated before rollups existed)."})
    private int rollups;

    @Option(names = "--rollups-at", paramLabel = "L",
        description = "Level at which the rollup protocol activates (with --rollups). Default: "
            + "the level after the protocol switch, or 2 without one.")
    private Integer rollupsAt;

    @Option(names = "--rollup-challenge-window", paramLabel = "W",
        description = "With --rollups: levels a commitment waits before it can be cemented. "
            + "Default: the rollup protocol's, 8. A long window keeps the last cemented "
            + "commitment far behind the head, as on a real network (two weeks).")
    private Integer challengeWindow;

    @Option(names = "--side-branch-every", defaultValue = "16", paramLabel = "S",
        description = "One side branch per S blocks on average (0: none). Default: "
            + "${DEFAULT-VALUE}.")
    private int sideBranchEvery;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
        description = "What the chain is derived from. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--chain-name", defaultValue = FixtureSpec.DEFAULT_CHAIN_NAME,
        paramLabel = "NAME", description = "The chain's name. Default: ${DEFAULT-VALUE}.")
    private String chainName;

    @Mixin
    private ProgressOption progressOption;

    @Override
    public Integer call() {
      FixtureSpec fixture = spec();
      PrintWriter out = spec.commandLine().getOut();
      long start = System.nanoTime();
      TestnetGenerator.Generated generated;
      try (ProgressDisplay display = progressOption.display()) {
        generated = TestnetGenerator.generate(dataDir, fixture, GcPolicy.AMORTIZED, display);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Markers markers = generated.markers();
      out.printf("generated %s: %d blocks, %d operations in %.1f s (%.0f blocks/s, %.0f "
              + "operations/s)%n", generated.dataDir().root(), blocks, generated.operations(),
          seconds, blocks / Math.max(seconds, 1e-9),
          generated.operations() / Math.max(seconds, 1e-9));
      out.println("  chain " + fixture.chainName() + ", " + fixture.historyMode() + ", seed "
          + seed + ", " + accounts + " accounts, protocol switch at level "
          + fixture.parameters().protocolSwitchAt());
      out.println("  head       " + markers.head());
      out.println("  checkpoint " + markers.checkpoint());
      out.println("  savepoint  " + markers.savepoint());
      out.println("  caboose    " + markers.caboose());
      if (rollups > 0) {
        try (BlockReader store = BlockReader.open(generated.dataDir())) {
          for (RollupSummary rollup : NodeCommand.Info.rollupsAtHead(generated.dataDir(), store,
              store.markers())) {
            out.println("  rollup     " + rollup.address() + " (" + rollup.kind()
                + ", originated at level " + rollup.originationLevel() + ", last cemented "
                + "inbox level " + rollup.lastCemented().inboxLevel() + ")");
          }
        }
      }
      return 0;
    }

    private FixtureSpec spec() {
      try {
        int switchAt = protocolSwitchAt != null ? protocolSwitchAt
            : FixtureSpec.defaultSwitchLevel(blocks);
        return new FixtureSpec(chainName, blocks, blocksPerCycle, preservationCycles,
            HistoryMode.parse(historyMode), opsPerBlock, sideBranchEvery,
            new TestnetParameters(seed, accounts, bakers, maxOperationsTtl, switchAt,
                1_000_000_000L).withRollups(rollups == 0 ? 0 : rollupsAt != null ? rollupsAt
                    : switchAt == 0 ? 2 : switchAt + 1, rollups, rollups == 0 ? 0
                    : challengeWindow != null ? challengeWindow
                    : TestnetParameters.DEFAULT_CHALLENGE_WINDOW));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }
}
