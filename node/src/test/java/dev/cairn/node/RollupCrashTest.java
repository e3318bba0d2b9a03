package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollup node following a running L1 node, both child JVMs, killed with SIGKILL three times
 * while it works: each time it starts again from what it had made durable, and once L1 stops it
 * catches up to exactly the L2 chain an uninterrupted node makes.
 */
class RollupCrashTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aRollupNodeKilledThreeTimesEndsWhereAnUninterruptedOneDoes() throws Exception {
    String l1 = dir.resolve("l1").toString();
    ok("fixtures", "generate", "--data-dir", l1, "--blocks", "60", "--accounts", "50",
        "--protocol-switch-at", "2", "--rollups", "1", "--progress", "none");
    String address = JSON.readTree(ok("node", "info", "--data-dir", l1, "--json").out())
        .get("rollups").get(0).get("address").asText();
    // L1 bakes for far longer than the test needs; it is stopped (SIGTERM) once the rollup
    // node has been killed three times.
    Process baker = Cli.start(dir.resolve("l1.log"), "node", "run", "--data-dir", l1,
        "--blocks", "100000", "--interval-ms", "10", "--ops-per-block", "1", "--progress",
        "none");
    String rollup = dir.resolve("rollup").toString();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      for (int round = 0; round < 3; round++) {
        Path log = dir.resolve("rollup-" + round + ".log");
        Process node = Cli.start(log, "rollup", "run", "--data-dir", rollup, "--l1-data-dir",
            l1, "--rollup", address, "--follow", "--poll-ms", "5", "--progress", "none");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(
            node.getInputStream(), StandardCharsets.UTF_8))) {
          // One synced round (levels made durable), then killed in whatever comes next.
          Future<String> synced = reader.submit(() -> {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
              if (line.startsWith("at level ")) {
                return line;
              }
            }
            return null;
          });
          assertThat(synced.get(120, TimeUnit.SECONDS)).as(Files.readString(log)).isNotNull();
          node.destroyForcibly(); // SIGKILL
          assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
      }
    } finally {
      reader.shutdownNow();
      baker.destroy(); // SIGTERM: node run finishes its block and closes the data directory
      assertThat(baker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    ok("rollup", "run", "--data-dir", rollup, "--l1-data-dir", l1, "--progress", "none");
    String clean = dir.resolve("clean").toString();
    ok("rollup", "run", "--data-dir", clean, "--l1-data-dir", l1, "--rollup", address,
        "--progress", "none");
    JsonNode resumed = JSON.readTree(ok("rollup", "info", "--data-dir", rollup, "--json").out());
    JsonNode uninterrupted = JSON.readTree(ok("rollup", "info", "--data-dir", clean, "--json")
        .out());
    assertThat(resumed.get("head")).isEqualTo(uninterrupted.get("head"));
    assertThat(resumed.get("head").get("level").asInt()).isGreaterThan(60);
    assertThat(resumed.get("commitments")).isEqualTo(uninterrupted.get("commitments"));
    assertThat(resumed.get("last_cemented_commitment"))
        .isEqualTo(uninterrupted.get("last_cemented_commitment"));
  }
}
