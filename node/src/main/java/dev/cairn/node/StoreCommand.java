package dev.cairn.node;

import dev.cairn.store.datadir.DataDir;
import dev.cairn.validator.chain.ChainCheck;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cairn store}: work on a data directory's store. */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "Check a data directory.")
final class StoreCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: try 'check'");
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {
          "Verifies a data directory completely: every stored block's hash, predecessor link, "
              + "level and operations hash; cemented files, their offsets and the index; floating "
              + "blocks; the markers against the history mode; the protocol table; the context "
              + "of every block from the savepoint up (the head's rehashed object by object).",
          "With --replay, also applies every block above the savepoint again on its "
              + "predecessor's context (writing nothing) and compares the context hash and the "
              + "metadata with the stored ones.",
          "Takes the data directory's lock: stop the node first. Exits 1 with a typed error "
              + "naming the first fault."})
  static final class Check implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOption dataDirOption;

    @Option(names = "--replay", description = "Re-apply every block above the savepoint.")
    private boolean replay;

    @Mixin
    private ProgressOption progressOption;

    @Override
    public Integer call() {
      DataDir dir = dataDirOption.dataDir();
      PrintWriter out = spec.commandLine().getOut();
      ChainCheck.Report report;
      try (ProgressDisplay display = progressOption.display()) {
        report = ChainCheck.run(dir, replay, display);
      }
      out.println("store check passed: " + dir.root());
      out.println("  " + HumanText.count(report.canonicalBlocks(), "canonical block")
          + " (caboose to head), " + HumanText.count(report.floatingBlocks(), "floating block"));
      out.println("  " + HumanText.count(report.contexts(), "context")
          + " present from the savepoint up; the head's "
          + HumanText.count(report.headObjects(), "object") + " rehashed");
      if (replay) {
        out.println("  " + HumanText.count(report.replayed(), "block") + " replayed, each "
            + "giving its context hash and metadata");
      }
      return 0;
    }
  }
}
