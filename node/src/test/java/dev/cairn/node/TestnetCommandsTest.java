package dev.cairn.node;

import static dev.cairn.node.Cli.awaitBlocks;
import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fixtures generate}, {@code node run|info} and {@code store check}, as a user runs them. */
class TestnetCommandsTest {

  private static JsonNode info(Path node) throws Exception {
    Cli.Run info = run("node", "info", "--data-dir", node.toString(), "--json");
    assertThat(info.status()).as(info.err()).isZero();
    return new ObjectMapper().readTree(info.out());
  }

  @Test
  void generateInspectCheckAndKeepBaking(@TempDir Path dir) throws Exception {
    Path node = dir.resolve("node");
    Cli.Run generate = run("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "30",
        "--history-mode", "rolling:0", "--protocol-switch-at", "12", "--progress", "none");
    assertThat(generate.status()).as(generate.err()).isZero();
    assertThat(generate.out()).contains("generated " + node.toAbsolutePath(), "rolling:0");

    JsonNode info = info(node);
    assertThat(info.get("chain_name").asText()).isEqualTo("CAIRN_TESTNET");
    assertThat(info.get("chain_id").asText()).startsWith("Net");
    assertThat(info.get("history_mode").asText()).isEqualTo("rolling:0");
    assertThat(info.at("/head/level").asInt()).isEqualTo(30);
    assertThat(info.at("/checkpoint/level").asInt()).isEqualTo(28);
    assertThat(info.at("/savepoint/level").asInt()).isEqualTo(17);
    assertThat(info.at("/caboose/level").asInt()).isEqualTo(9);
    assertThat(info.at("/head/hash").asText()).startsWith("B");
    assertThat(info.get("protocol_levels")).hasSize(3);
    assertThat(info.at("/protocol_levels/2/activation_level").asInt()).isEqualTo(12);

    Cli.Run check = run("store", "check", "--data-dir", node.toString(), "--replay",
        "--progress", "none");
    assertThat(check.status()).as(check.err()).isZero();
    assertThat(check.out()).contains("store check passed", "blocks replayed");

    Cli.Run bake = run("node", "run", "--data-dir", node.toString(), "--blocks", "12",
        "--progress", "none");
    assertThat(bake.status()).as(bake.err()).isZero();
    assertThat(info(node).at("/head/level").asInt()).isEqualTo(42);
    assertThat(run("store", "check", "--data-dir", node.toString(), "--replay",
        "--progress", "none").status()).isZero();

    Cli.Run again = run("fixtures", "generate", "--data-dir", node.toString(), "--progress", "none");
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err().strip()).startsWith("cairn: Directory_already_exists: ")
        .doesNotContain("\n");
  }

  @Test
  void typedErrorsAndUsageErrors(@TempDir Path dir) {
    Cli.Run missing = run("store", "check", "--data-dir", dir.resolve("absent").toString());
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).startsWith("cairn: Invalid_data_dir: ");
    assertThat(dir.resolve("absent")).doesNotExist();
    assertThat(run("node", "info", "--data-dir", dir.toString()).err())
        .startsWith("cairn: Invalid_data_dir: ");
    Cli.Run usage = run("node", "run", "--data-dir", dir.toString());
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).isEqualTo("cairn: Missing required option: '--blocks=N'; try "
        + "'cairn node run --help'\n");
    Cli.Run absent = run("node", "run", "--data-dir", dir.resolve("absent").toString(), "--blocks",
        "1");
    assertThat(absent.err()).startsWith("cairn: Invalid_data_dir: ");
    assertThat(dir.resolve("absent")).doesNotExist();
    assertThat(run("fixtures", "generate", "--data-dir", dir.resolve("x").toString(),
        "--blocks-per-cycle", "0").status()).isEqualTo(2);
    assertThat(run("fixtures", "generate", "--data-dir", dir.resolve("x").toString(),
        "--history-mode", "sideways").err()).startsWith("cairn: Invalid_history_mode: ");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  /** Starts {@code cairn node run} on {@code node} in another JVM, baking every 20 ms. */
  private static Process startNode(Path node, Path log) throws Exception {
    return Cli.start(log, "node", "run", "--data-dir", node.toString(), "--blocks", "100000",
        "--interval-ms", "20");
  }

  @Test
  void aNodeKilledWithSigkillLeavesADataDirectoryThatChecksAndBakesOn(@TempDir Path dir)
      throws Exception {
    Path node = dir.resolve("node");
    assertThat(run("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "10",
        "--progress", "none").status()).isZero();
    for (int round = 0; round < 3; round++) {
      Path log = dir.resolve("child-" + round + ".log");
      Process child = startNode(node, log);
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        awaitBlocks(out, 4 + round * 3, log);
        child.toHandle().destroyForcibly(); // SIGKILL, between or during blocks
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      Cli.Run check = run("store", "check", "--data-dir", node.toString(), "--replay",
          "--progress", "none");
      assertThat(check.status()).as("round %d: %s", round, check.err()).isZero();
    }
    Cli.Run bake = run("node", "run", "--data-dir", node.toString(), "--blocks", "9",
        "--progress", "none");
    assertThat(bake.status()).as(bake.err()).isZero();
    assertThat(run("store", "check", "--data-dir", node.toString(), "--replay",
        "--progress", "none").status()).isZero();
  }

  @Test
  void nodeRunStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
    Path node = dir.resolve("node");
    assertThat(run("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "10",
        "--progress", "none").status()).isZero();
    Path log = dir.resolve("child.log");
    Process child = startNode(node, log);
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      awaitBlocks(out, 5, log);
      Cli.Run second = run("node", "run", "--data-dir", node.toString(), "--blocks", "1");
      assertThat(second.status()).isEqualTo(1);
      assertThat(second.err()).startsWith("cairn: Data_dir_locked: ");
      assertThat(run("store", "check", "--data-dir", node.toString()).err())
          .startsWith("cairn: Data_dir_locked: ");
      assertThat(info(node).at("/head/level").asInt()).isGreaterThanOrEqualTo(15);
      child.toHandle().destroy(); // SIGTERM, leaving our end of its output open
      String rest = String.join("\n", out.lines().toList());
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(rest).as(Files.readString(log)).contains("stopped after");
    }
    assertThat(child.exitValue()).isEqualTo(143);
    assertThat(info(node).at("/head/level").asInt()).isGreaterThanOrEqualTo(15);
    Cli.Run check = run("store", "check", "--data-dir", node.toString(), "--replay",
        "--progress", "none");
    assertThat(check.status()).as(check.err()).isZero();
  }
}
