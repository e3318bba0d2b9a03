package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.rollup.L2Level;
import dev.cairn.rollup.RollupLanding;
import dev.cairn.rollup.RollupNode;
import dev.cairn.rollup.RollupStore;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.rollup.RollupLedger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cairn rollup}: a smart rollup node, its data directory and its snapshots. */
@Command(name = "rollup", mixinStandardHelpOptions = true,
    description = {"A smart rollup node (arith) that follows an L1 data directory, and its "
        + "snapshots. See docs/ROLLUPS.md."})
final class RollupCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing a command: try 'run', 'info' or 'snapshot'");
  }

  /**
   * The rollup directory a user named; a landing of an import that a crash cut short is finished
   * or undone first, so that every command starts on a whole directory.
   */
  static RollupDataDir rollupDir(Path path) {
    RollupDataDir dir = RollupDataDir.ofUserPath(path);
    RollupLanding.recover(dir);
    return dir;
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Catches a rollup data directory up with an L1 data directory: for each "
          + "final L1 level (at or below L1's checkpoint) it runs the rollup's inbox messages "
          + "through the PVM, stores the L2 block and its state, checks the inbox hash against "
          + "L1's, and its commitments against those L1's stakers published and cemented. A "
          + "disagreement stops it with a typed error.",
          "Reads the L1 data directory only, beside a running 'cairn node run'. Creates the "
              + "rollup data directory on first use (--rollup is then required)."})
  static final class Run implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "R",
        description = "The rollup node's data directory.")
    private Path dataDir;

    @Option(names = "--l1-data-dir", required = true, paramLabel = "D",
        description = "The L1 node's data directory (read only).")
    private Path l1DataDir;

    @Option(names = "--rollup", paramLabel = "sr1…",
        description = "The rollup to follow; required when the directory is new, checked "
            + "otherwise.")
    private String rollup;

    @Option(names = "--levels", defaultValue = "0", paramLabel = "N",
        description = "Process at most N L1 levels, then exit. Default: all final levels.")
    private int levels;

    @Option(names = "--follow", description = "Keep following L1 until stopped (Ctrl-C).")
    private boolean follow;

    @Option(names = "--poll-ms", defaultValue = "500", paramLabel = "M",
        description = "With --follow, how often to look for new L1 levels. Default: "
            + "${DEFAULT-VALUE}.")
    private long pollMs;

    @Option(names = "--history-mode", defaultValue = "full", paramLabel = "MODE",
        description = "For a new directory: archive keeps every L2 state, full only those from "
            + "the last cemented commitment up. Default: ${DEFAULT-VALUE}.")
    private String historyMode;

    @Mixin
    private ProgressOption progressOption;

    @Override
    public Integer call() {
      if (levels < 0 || pollMs < 1) {
        throw new ParameterException(spec.commandLine(),
            "--levels must not be negative and --poll-ms must be positive");
      }
      RollupConfig.Mode mode;
      try {
        mode = RollupConfig.Mode.parse(historyMode);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      Optional<RollupAddress> address = Optional.ofNullable(rollup).map(RollupAddress::parse);
      PrintWriter out = spec.commandLine().getOut();
      AtomicBoolean stopping = new AtomicBoolean();
      CountDownLatch stopSignal = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        stopping.set(true);
        stopSignal.countDown();
        try {
          stopped.await(); // let the node finish its level and sync
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "cairn-rollup-stop");
      RollupNode.Control control = new RollupNode.Control() {
        @Override
        public boolean stopping() {
          return stopping.get();
        }

        @Override
        public void pause(long millis) throws InterruptedException {
          stopSignal.await(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void synced(L2Level head, int levels) {
          if (follow) {
            out.println("at level " + head.block().level() + ", state " + head.block().state()
                + " (" + levels + " levels so far)");
            out.flush();
          }
        }
      };
      if (follow) {
        Runtime.getRuntime().addShutdownHook(hook);
      }
      long start = System.nanoTime();
      try (ProgressDisplay display = progressOption.display(follow, false)) {
        RollupNode.Result result = RollupNode.run(new RollupNode.Request(rollupDir(dataDir),
            DataDir.ofUserPath(l1DataDir), address, mode, levels, follow, pollMs), control,
            display);
        double seconds = (System.nanoTime() - start) / 1e9;
        L2Level head = result.head();
        out.printf("%s %s of %s in %.1f s%n", result.stopped() ? "stopped after" : "processed",
            HumanText.count(result.levels(), "level"), result.config().rollup(), seconds);
        out.println("  head      level " + head.block().level() + ", state "
            + head.block().state() + ", " + head.block().ticks() + " ticks");
        out.println("  cemented  " + result.cemented().map(c -> c.hash() + " (inbox level "
            + c.inboxLevel() + ")").orElse("none seen yet"));
      } finally {
        stopped.countDown();
        if (follow) {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // A signal came as we finished: the hook is running and may return now.
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = {"Shows a rollup data directory: the rollup, its history mode, its head, "
          + "its last cemented commitment and its history (first level, commitments). Reads "
          + "only; runs beside 'cairn rollup run'."})
  static final class Info implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "R",
        description = "The rollup node's data directory.")
    private Path dataDir;

    @Option(names = "--json", description = "One JSON object on standard output.")
    private boolean json;

    @Option(names = "--commitments", defaultValue = "5", paramLabel = "N",
        description = "How many of the newest commitments to list. Default: ${DEFAULT-VALUE}.")
    private int commitments;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RollupStore store = RollupStore.openReader(rollupDir(dataDir))) {
        RollupConfig config = store.config();
        L2Level head = store.head();
        Optional<RollupLedger.CommitmentRef> cemented = store.cemented();
        List<L2Level> recent = new ArrayList<>();
        for (int level = head.block().level(); level >= store.firstLevel()
            && recent.size() < commitments; level--) {
          store.level(level).filter(l -> l.commitment().isPresent()).ifPresent(recent::add);
        }
        if (json) {
          ObjectNode root = JsonOutput.object();
          root.put("data_dir", store.dir().root().toString());
          root.put("rollup", config.rollup().toString());
          root.put("kind", config.kind());
          root.put("l1_chain_id", config.l1Chain().toString());
          root.put("history_mode", config.historyMode().toString());
          root.put("origination_level", config.originationLevel());
          root.put("first_level", store.firstLevel());
          ObjectNode headNode = root.putObject("head");
          headNode.put("level", head.block().level()).put("state", head.block().state()
              .toString()).put("inbox", head.block().inbox().toString())
              .put("ticks", head.block().ticks()).put("l1_block", head.block().l1Block()
                  .toString());
          if (cemented.isPresent()) {
            root.putObject("last_cemented_commitment").put("hash", cemented.get().hash()
                .toString()).put("inbox_level", cemented.get().inboxLevel());
          } else {
            root.putNull("last_cemented_commitment");
          }
          ArrayNode list = root.putArray("commitments");
          for (L2Level level : recent) {
            list.addObject().put("inbox_level", level.block().level())
                .put("hash", level.commitment().get().hash().toString())
                .put("state", level.commitment().get().state().toString())
                .put("ticks", level.commitment().get().ticks());
          }
          JsonOutput.print(out, root);
          return 0;
        }
        out.println("rollup        " + config.rollup() + " (" + config.kind() + ", L1 chain "
            + config.l1Chain() + ")");
        out.println("data dir      " + store.dir().root());
        out.println("history mode  " + config.historyMode());
        out.println("levels        " + store.firstLevel() + " to " + head.block().level()
            + " (originated at " + config.originationLevel() + ")");
        out.println("head          level " + head.block().level() + ", state "
            + head.block().state() + ", " + head.block().ticks() + " ticks");
        out.println("cemented      " + cemented.map(c -> c.hash() + " (inbox level "
            + c.inboxLevel() + ")").orElse("none seen yet"));
        out.println("commitments");
        for (L2Level level : recent) {
          out.println("  inbox level " + level.block().level() + "  "
              + level.commitment().get().hash() + "  " + level.commitment().get().ticks()
              + " ticks");
        }
      }
      return 0;
    }
  }
}
