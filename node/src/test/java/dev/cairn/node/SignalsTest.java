package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM to a real {@code cairn} process: it stops, removes what it wrote,
 * says {@code cairn: Interrupted: …} in one line and exits 130. Synchronised on what the child
 * prints, never on time: the import reads a snapshot from a pipe that the test holds half
 * written, so it is certainly mid-way when the signal comes, and keeps open and silent after: the
 * import must stop though its read would wait for ever.
 */
class SignalsTest {

  @TempDir
  Path dir;

  /** {@code cairn snapshot <arguments> --progress log -}, reading from a pipe. */
  private Process fromPipe(List<String> arguments, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), CairnCommand.class.getName(),
        "snapshot"));
    command.addAll(arguments);
    command.addAll(List.of("--progress", "log", "-"));
    return new ProcessBuilder(command).redirectOutput(log.toFile()).start();
  }

  /** Reads the child's standard error until a line starting with {@code prefix}. */
  private static List<String> readUntil(BufferedReader err, String prefix) throws Exception {
    List<String> seen = new ArrayList<>();
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      seen.add(line);
      if (line.startsWith(prefix)) {
        return seen;
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "' in " + seen);
  }

  /**
   * Runs {@code cairn snapshot <arguments>} on half a snapshot from a pipe, signals it, and
   * returns its last line (the error), having checked the exit status and the progress lines.
   */
  private String signalledStopsCleanly(String signal, List<String> arguments) throws Exception {
    Path source = dir.resolve("source");
    ok("fixtures", "generate", "--data-dir", source.toString(), "--blocks", "60", "--accounts",
        "512", "--progress", "none");
    Path snapshot = dir.resolve("s.tar");
    ok("snapshot", "export", "--data-dir", source.toString(), "--block", "head",
        "--progress", "none", snapshot.toString());
    byte[] bytes = Files.readAllBytes(snapshot);
    Process child = fromPipe(arguments, dir.resolve("out.log"));
    BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(),
        StandardCharsets.UTF_8));
    List<String> rest = new ArrayList<>();
    try (OutputStream in = child.getOutputStream()) {
      in.write(bytes, 0, bytes.length / 2); // the import is under way, then waits for more
      in.flush();
      readUntil(err, "context: started");
      assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(child.pid())).start()
          .waitFor()).isZero();
      readUntil(err, "stopping (SIG" + signal + ")");
      // The pipe stays open and silent: the import must stop without more input.
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        rest.add(line);
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(String.join("\n", rest)).isEqualTo(130);
    assertThat(rest.subList(0, rest.size() - 1)).as("progress lines, not errors")
        .noneMatch(line -> line.startsWith("cairn: "));
    return rest.get(rest.size() - 1);
  }

  private void signalledImportStopsCleanly(String signal) throws Exception {
    Path node = dir.resolve("node-" + signal);
    assertThat(signalledStopsCleanly(signal, List.of("import", "--data-dir", node.toString())))
        .startsWith("cairn: Interrupted: by SIG" + signal + ": the import into " + node
            + " was stopped").contains("staging directory was removed");
    assertThat(node).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".import"));
    }
  }

  @Test
  void ctrlCDuringAnImportRemovesItsStagingAndExits130() throws Exception {
    signalledImportStopsCleanly("INT");
  }

  @Test
  void sigtermDuringAnImportRemovesItsStagingAndExits130() throws Exception {
    signalledImportStopsCleanly("TERM");
  }

  @Test
  void ctrlCDuringAVerifyRemovesItsScratchAndExits130() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    assertThat(signalledStopsCleanly("INT", List.of("verify", "--scratch-dir",
        scratch.toString()))).startsWith("cairn: Interrupted: by SIGINT: the verify was stopped")
        .contains("scratch directory was removed");
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }
}
