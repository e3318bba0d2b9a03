package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.progress.ProgressError;
import dev.cairn.store.datadir.NativeFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn}: the entry point, and the exit-status contract. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = CairnCommand.Version.class,
    description = {
        "A Tezos-style node store built around its snapshots.",
        "Start with 'cairn demo'; every command explains itself with --help."},
    subcommands = {DemoCommand.class, SnapshotCommand.class, FixturesCommand.class,
        NodeCommand.class,
        StoreCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit status: 0 on success, 1 on a typed error (stderr: 'cairn: <Error_name>: "
        + "<details>'), 2 on a usage error, 130 when interrupted (Ctrl-C or SIGTERM)."})
public final class CairnCommand implements Runnable {

  /**
   * What the process runs in: whether standard error is a terminal (for {@code --progress
   * auto}), and whether signals are this process's to catch (not when run inside a test).
   */
  record Console(boolean errIsTerminal, boolean handlesSignals) {}

  @Spec
  private CommandSpec spec;

  private final Console console;

  CairnCommand(Console console) {
    this.console = console;
  }

  Console console() {
    return console;
  }

  public static void main(String[] args) {
    Console console = new Console(NativeFiles.isTerminal(2), true);
    System.exit(execute(console, new PrintWriter(System.out, true),
        new PrintWriter(System.err, true), args));
  }

  /** Runs {@code args} and returns the exit status; {@code out} and {@code err} get the output. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(new Console(false, false), out, err, args);
  }

  static int execute(Console console, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new CairnCommand(console));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(Path.class, new PathConverter());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((exception, arguments) -> {
      err.println("cairn: " + UsageMessage.of(exception));
      err.flush();
      return 2;
    });
    cli.setExecutionExceptionHandler((exception, command, parseResult) -> {
      if (exception instanceof CairnException typed) {
        // One line whatever the details hold: a path or a name from outside may hold a newline.
        err.println("cairn: " + typed.error().name() + ": "
            + CauseText.printable(typed.error().details()));
        err.flush();
        return typed.error() instanceof ProgressError.Interrupted
            ? SignalCancellation.EXIT_STATUS : 1;
      }
      throw exception;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing a command: try 'cairn demo', or 'cairn --help'.");
  }

  /** The version recorded in the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CairnCommand.class.getPackage().getImplementationVersion();
      return new String[] {"cairn " + (version == null ? "development" : version)};
    }
  }
}
