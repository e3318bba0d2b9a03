package dev.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code cairn} as the tests need it: in this JVM, or as another process. */
final class Cli {

  /** One run's exit status and output. */
  record Run(int status, String out, String err) {}

  private Cli() {}

  /** Runs {@code cairn args} in this JVM, through the same entry point as ./cairn. */
  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = CairnCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  /** {@link #run}, which must succeed. */
  static Run ok(String... args) {
    Run run = run(args);
    assertThat(run.status()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run;
  }

  /** Starts {@code cairn args} in another JVM, its standard error going to {@code log}. */
  static Process start(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), CairnCommand.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  /** Reads a {@code node run} child's output until it has baked {@code count} blocks. */
  static void awaitBlocks(BufferedReader out, int count, Path log) throws Exception {
    int baked = 0;
    for (String line = out.readLine(); line != null && baked < count; line = out.readLine()) {
      if (line.startsWith("baked B")) {
        baked++;
      }
    }
    assertThat(baked).as(Files.readString(log)).isEqualTo(count);
  }
}
