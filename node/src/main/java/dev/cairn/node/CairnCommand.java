package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.progress.ProgressError;
import dev.cairn.store.datadir.NativeFiles;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.snapshot.format.SnapshotMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
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
    prepareEarly();
    Console console = new Console(NativeFiles.isTerminal(2), true);
    System.exit(execute(console, new PrintWriter(System.out, true),
        new PrintWriter(System.err, true), args));
  }

  /**
   * Prepares, on a daemon thread while the main thread parses the command line and opens its
   * files, what most commands need and each costs tens of milliseconds of class generation,
   * library extraction or set-up: the native libraries (the C library, libsodium, zstd, LMDB)
   * and the JSON codec. The main thread would otherwise pay them one after the other. A failure
   * here happens again at first use, where it is handled; a class initialised here is simply
   * ready when the main thread reaches it.
   */
  private static void prepareEarly() {
    Thread preparer = new Thread(() -> {
      try {
        NativeFiles.bindEarly();
        Blake2b.engineName();
        com.github.luben.zstd.util.Native.load();
        ClassLoader loader = CairnCommand.class.getClassLoader();
        Class.forName("org.lmdbjava.Library", true, loader); // binds liblmdb
        Class.forName("dev.cairn.store.encoding.StrictJson", true, loader);
      } catch (RuntimeException | LinkageError | ClassNotFoundException e) {
        // handled where it is used
      }
    }, "cairn-prepare");
    preparer.setDaemon(true);
    preparer.start();
  }

  /** Runs {@code args} and returns the exit status; {@code out} and {@code err} get the output. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(new Console(false, false), out, err, args);
  }

  static int execute(Console console, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new CairnCommand(console));
    CommandTree.addSubcommands(cli, CairnCommand.class, args, 0);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(Path.class, new PathConverter());
    versionEverywhere(cli, new Version());
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
      // Nothing untyped should get here; if something does, still one line and no trace.
      Throwable cause = exception instanceof UncheckedIOException unchecked
          ? unchecked.getCause() : exception;
      if (cause instanceof IOException io) {
        err.println("cairn: Io_failure: " + CauseText.of(io));
      } else {
        err.println("cairn: Internal_error: " + CauseText.of(cause) + " (a bug in Cairn; "
            + "CAIRN_DEBUG=1 shows where)");
      }
      if (System.getenv("CAIRN_DEBUG") != null) {
        exception.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing a command: try 'cairn demo'");
  }

  /**
   * {@code --version} and {@code -V}, on every command: the version, commit and build time
   * recorded at build time ({@code build.properties}), the snapshot format it reads and writes,
   * and the Java runtime.
   */
  static final class Version implements CommandLine.IVersionProvider {
    /** The version and commit in a few words, as a manifest records its exporter. */
    static String brief() {
      Properties build = build();
      return recorded(build, "version") + " (commit " + recorded(build, "commit") + ")";
    }

    private static Properties build() {
      Properties build = new Properties();
      try (InputStream in = CairnCommand.class.getResourceAsStream("build.properties")) {
        if (in != null) {
          build.load(in);
        }
      } catch (IOException e) {
        // shown as unknown
      }
      return build;
    }

    @Override
    public String[] getVersion() {
      Properties build = build();
      String commit = recorded(build, "commit") + ("true".equals(build.getProperty("dirty"))
          ? " with uncommitted changes" : "");
      return new String[] {
          "cairn " + recorded(build, "version") + " (commit " + commit + ", built "
              + recorded(build, "built") + ")",
          "snapshot format: reads and writes version " + SnapshotMetadata.VERSION,
          "Java " + System.getProperty("java.runtime.version") + " ("
              + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor")
              + ")"};
    }

    private static String recorded(Properties build, String key) {
      String value = build.getProperty(key, "");
      return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
  }

  /** Gives every command the version provider, so that {@code -V} works everywhere. */
  private static void versionEverywhere(CommandLine command, Version version) {
    command.getCommandSpec().versionProvider(version);
    for (CommandLine sub : command.getSubcommands().values()) {
      versionEverywhere(sub, version);
    }
  }
}
