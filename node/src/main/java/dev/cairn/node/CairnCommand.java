package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import java.io.PrintWriter;
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
        + "<details>'), 2 on a usage error."})
public final class CairnCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        args));
  }

  /** Runs {@code args} and returns the exit status; {@code out} and {@code err} get the output. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new CairnCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((exception, arguments) -> {
      CommandLine failed = exception.getCommandLine();
      err.println("cairn: " + exception.getMessage());
      err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more "
          + "information.");
      err.flush();
      return 2;
    });
    cli.setExecutionExceptionHandler((exception, command, parseResult) -> {
      if (exception instanceof CairnException typed) {
        // One line whatever the details hold: a path or a name from outside may hold a newline.
        err.println("cairn: " + typed.error().name() + ": "
            + CauseText.printable(typed.error().details()));
        err.flush();
        return 1;
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
