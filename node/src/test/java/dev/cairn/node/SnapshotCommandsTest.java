package dev.cairn.node;

import static dev.cairn.node.Cli.awaitBlocks;
import static dev.cairn.node.Cli.ok;
import static dev.cairn.node.Cli.run;
import static dev.cairn.node.Cli.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn snapshot export|import|info}, as an operator runs them. */
class SnapshotCommandsTest {

  private static void generate(Path node, int blocks) {
    ok("fixtures", "generate", "--data-dir", node.toString(), "--blocks",
        String.valueOf(blocks), "--accounts", "64", "--progress", "none");
  }

  @Test
  void exportInfoImportBakeCheckAndExportAgain(@TempDir Path dir) throws Exception {
    Path node = dir.resolve("node");
    generate(node, 40);
    Path snapshot = dir.resolve("s.full.zst");
    Cli.Run export = ok("snapshot", "export", "--data-dir", node.toString(), "--compress", "zstd",
        "--progress", "none", snapshot.toString());
    assertThat(export.out()).contains("exported full snapshot of block B", "at level 38");

    JsonNode info = new ObjectMapper().readTree(ok("snapshot", "info", "--json",
        snapshot.toString()).out());
    assertThat(info.at("/snapshot_header/version").asInt()).isEqualTo(1);
    assertThat(info.at("/snapshot_header/chain_name").asText()).isEqualTo("CAIRN_TESTNET");
    assertThat(info.at("/snapshot_header/mode").asText()).isEqualTo("full");
    assertThat(info.at("/snapshot_header/level").asInt()).isEqualTo(38);
    assertThat(info.at("/snapshot_header/timestamp").asText()).isEqualTo("2026-01-01T00:09:30Z");
    assertThat(ok("snapshot", "info", snapshot.toString()).out())
        .contains("mode:           full", "at level 38");

    Path imported = dir.resolve("imported");
    Cli.Run load = ok("snapshot", "import", "--data-dir", imported.toString(), "--progress", "none",
        "--block", info.at("/snapshot_header/block_hash").asText(), snapshot.toString());
    assertThat(load.out()).contains("imported block", "(full:1)");
    ok("store", "check", "--data-dir", imported.toString(), "--replay", "--progress", "none");
    ok("node", "run", "--data-dir", imported.toString(), "--blocks", "16");
    ok("store", "check", "--data-dir", imported.toString(), "--progress", "none");
    Path again = dir.resolve("again");
    ok("snapshot", "export", "--data-dir", imported.toString(), "--rolling", "--export-format",
        "raw", "--block", "head", "--progress", "none", again.toString());
    ok("snapshot", "import", "--data-dir", dir.resolve("third").toString(), "--progress",
        "none", again.toString());
    JsonNode third = new ObjectMapper().readTree(ok("node", "info", "--data-dir",
        dir.resolve("third").toString(), "--json").out());
    assertThat(third.get("history_mode").asText()).isEqualTo("rolling:1");
    assertThat(third.at("/head/level").asInt()).isEqualTo(54);
  }

  @Test
  void typedErrorsExitOneAndUsageErrorsTwo(@TempDir Path dir) {
    Path node = dir.resolve("node");
    generate(node, 12);
    Cli.Run genesis = run("snapshot", "export", "--data-dir", node.toString(), "--block", "genesis",
        "--progress", "none", dir.resolve("g").toString());
    assertThat(genesis.status()).isEqualTo(1);
    assertThat(genesis.err()).startsWith("cairn: Invalid_export_block: genesis: ")
        .doesNotContain("\tat ");
    Cli.Run missing = run("snapshot", "import", "--data-dir", dir.resolve("x").toString(),
        dir.resolve("absent.tar").toString());
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).startsWith("cairn: Snapshot_file_not_found: ");
    assertThat(run("snapshot", "info", dir.resolve("absent").toString()).err())
        .startsWith("cairn: Snapshot_file_not_found: ");
    assertThat(run("snapshot", "export", "--data-dir", node.toString(), "--block", "sideways")
        .status()).isEqualTo(2);
    assertThat(run("snapshot", "export", "--data-dir", node.toString(), "--export-format",
        "zip").status()).isEqualTo(2);
    assertThat(run("snapshot", "export", "--data-dir", node.toString(), "--export-format",
        "raw", "--compress", "zstd").status()).isEqualTo(2);
    assertThat(run("snapshot", "import", "--data-dir", node.toString(), "--block", "nope",
        "x").status()).isEqualTo(2);
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void exportsBesideARunningFullNodeAreCompleteAndDoNotStopIt(@TempDir Path dir)
      throws Exception {
    exportBesideARunningNode(dir, "full:1", new String[][] {{"head"},
        {"checkpoint", "--rolling"}, {"head~1", "--export-format", "raw"},
        {"head", "--rolling", "--compress", "zstd"}});
  }

  /** A rolling node's GC deletes cemented files: the export reads them through its own links. */
  @Test
  void exportsBesideARunningRollingNodeAreCompleteAndDoNotStopIt(@TempDir Path dir)
      throws Exception {
    exportBesideARunningNode(dir, "rolling:0", new String[][] {{"head", "--rolling"},
        {"checkpoint", "--rolling", "--export-format", "raw"}, {"head~1", "--rolling"}});
  }

  private static void exportBesideARunningNode(Path dir, String mode, String[][] exports)
      throws Exception {
    Path node = dir.resolve("node");
    ok("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "20", "--accounts",
        "64", "--history-mode", mode, "--progress", "none");
    Path log = dir.resolve("node.log");
    Process child = start(log, "node", "run", "--data-dir", node.toString(), "--blocks",
        "100000", "--interval-ms", "10");
    List<Path> snapshots = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      awaitBlocks(out, 5, log);
      for (int i = 0; i < exports.length; i++) {
        Path snapshot = dir.resolve("beside-" + i);
        List<String> args = new ArrayList<>(List.of("snapshot", "export", "--data-dir",
            node.toString(), "--progress", "none", "--block"));
        args.addAll(List.of(exports[i]));
        args.add(snapshot.toString());
        ok(args.toArray(String[]::new));
        snapshots.add(snapshot);
        awaitBlocks(out, 3, log); // the node went on baking, cementing and collecting
      }
    } finally {
      child.toHandle().destroy();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    for (int i = 0; i < snapshots.size(); i++) {
      Path imported = dir.resolve("imported-" + i);
      ok("snapshot", "import", "--data-dir", imported.toString(), "--progress", "none",
          snapshots.get(i).toString());
      ok("store", "check", "--data-dir", imported.toString(), "--replay", "--progress", "none");
    }
    assertThat(node.resolve("pins")).satisfiesAnyOf(
        pins -> assertThat(pins).doesNotExist(), pins -> assertThat(pins).isEmptyDirectory());
  }

  @Test
  void killedExportsAndImportsLeaveNothingHalfWritten(@TempDir Path dir) throws Exception {
    Path node = dir.resolve("node");
    generate(node, 60);
    for (int round = 0; round < 3; round++) {
      Path snapshot = dir.resolve("killed-" + round);
      Process export = start(dir.resolve("export.log"), "snapshot", "export", "--data-dir",
          node.toString(), "--progress", "none", snapshot.toString());
      killAfter(export, round * 150L);
      boolean finished = export.exitValue() == 0;
      assertThat(Files.exists(snapshot)).as("round %d, finished %s", round, finished)
          .isEqualTo(finished);
      if (!finished) { // the same export again replaces what the killed one left
        ok("snapshot", "export", "--data-dir", node.toString(), "--progress", "none",
            snapshot.toString());
      }
      Path imported = dir.resolve("imported-" + round);
      Path whole = dir.resolve("whole.tar");
      if (!Files.exists(whole)) {
        ok("snapshot", "export", "--data-dir", node.toString(), "--progress", "none",
            whole.toString());
      }
      Process load = start(dir.resolve("import.log"), "snapshot", "import", "--data-dir",
          imported.toString(), "--progress", "none", whole.toString());
      killAfter(load, round * 200L);
      boolean landed = load.exitValue() == 0;
      assertThat(Files.exists(imported.resolve("store/markers"))).isEqualTo(landed);
      if (!landed) {
        assertThat(imported).doesNotExist();
        ok("snapshot", "import", "--data-dir", imported.toString(), "--progress", "none",
            whole.toString());
      }
      ok("store", "check", "--data-dir", imported.toString(), "--progress", "none");
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".tmp") || name.contains(".import")
              || name.contains("spool"));
    }
  }

  private static void killAfter(Process process, long millis) throws Exception {
    if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
      process.toHandle().destroyForcibly(); // SIGKILL
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }
}
