package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code cairn} says: usage errors in one line of our words, what is no snapshot, what
 * could not help, progress on standard error in the right shape, the version, the results of
 * export and import in human units or as JSON.
 */
class CliMessagesTest {

  @TempDir
  static Path shared;

  static Path node;
  static Path snapshot;

  @BeforeAll
  static void aNodeAndASnapshot() {
    node = shared.resolve("node");
    ok("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "30", "--accounts",
        "64", "--progress", "none");
    snapshot = shared.resolve("s.tar");
    ok("snapshot", "export", "--data-dir", node.toString(), "--block", "head", "--progress",
        "none", snapshot.toString());
  }

  private static String oneUsageLine(String... args) {
    Cli.Run result = run(args);
    assertThat(result.status()).as(result.err()).isEqualTo(2);
    assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
    assertThat(result.err()).startsWith("cairn: ").doesNotContain("java.", "Exception");
    return result.err().strip();
  }

  @Test
  void usageErrorsAreOneLineNamingWhatWasWrongAndTheAcceptedForms() {
    List<String> failures = new ArrayList<>();
    for (String block : List.of("head~x", "-5", "abc")) {
      String line = oneUsageLine("snapshot", "export", "--data-dir", node.toString(), "--block",
          block);
      if (!line.contains("--block: '" + block + "' is not a block; give a block hash (B…)")) {
        failures.add(line);
      }
    }
    String badChecksum = "BMEDaz6yLR4A6kF2L2qEsfV4ursng26KbECZSYvuBCc2D6Zy5Ds";
    assertThat(oneUsageLine("snapshot", "import", "--data-dir", shared.resolve("x").toString(),
        "--block", badChecksum, snapshot.toString())).contains("the checksum does not match");
    assertThat(oneUsageLine("snapshot", "export", "--data-dir", node.toString(), "--block",
        "Pt" + badChecksum.substring(2))).contains("is not a block");
    assertThat(oneUsageLine("snapshot", "export", "--dat-dir", node.toString()))
        .contains("unknown option '--dat-dir' (did you mean --data-dir?)");
    assertThat(oneUsageLine("snapshot", "export", "--data-dir", "a\0b"))
        .contains("--data-dir: 'a\\u0000b' is not a path: it holds a NUL byte");
    for (String[] group : List.of(new String[0], new String[] {"snapshot"},
        new String[] {"node"}, new String[] {"store"}, new String[] {"fixtures"},
        new String[] {"key"})) {
      String line = oneUsageLine(group);
      if (!line.startsWith("cairn: Missing a command: try '") || line.contains(".;")) {
        failures.add(line);
      }
    }
    assertThat(oneUsageLine("snapshot")).contains("'verify'", "'sign'");
    assertThat(failures).isEmpty();
  }

  @Test
  void whatIsNoSnapshotAndWhatCannotHelpAreSaidPlainly() throws Exception {
    Path empty = Files.createFile(shared.resolve("empty"));
    Path text = Files.writeString(shared.resolve("readme.txt"), "not a snapshot\n".repeat(100));
    assertThat(run("snapshot", "info", empty.toString()).err().strip())
        .isEqualTo("cairn: Not_a_snapshot: " + empty + ": empty");
    assertThat(run("snapshot", "info", text.toString()).err().strip()).isEqualTo(
        "cairn: Not_a_snapshot: " + text + ": neither a tar, a zstd stream nor a Raw directory");
    assertThat(run("snapshot", "info", "/dev/null").err()).startsWith("cairn: Not_a_snapshot: ");
    assertThat(run("node", "info", "--data-dir", shared.resolve("absent").toString()).err())
        .contains("it does not exist");
    Path users = Files.createDirectories(shared.resolve("users"));
    Files.writeString(users.resolve("notes.txt"), "mine");
    String refused = run("snapshot", "import", "--data-dir", users.toString(), "--progress",
        "none", snapshot.toString()).err();
    assertThat(refused).startsWith("cairn: Directory_already_exists: ").doesNotContain("--force");
    assertThat(run("snapshot", "import", "--data-dir", node.toString(), "--progress", "none",
        snapshot.toString()).err()).contains("--force");
    Path rolling = shared.resolve("rolling");
    ok("snapshot", "import", "--data-dir", rolling.toString(), "--progress", "none",
        ok("snapshot", "export", "--data-dir", node.toString(), "--rolling", "--block", "head",
            "--progress", "none", "--export-format", "raw", shared.resolve("r").toString())
            .out().lines().findFirst().orElseThrow().replaceAll(".* to ", ""));
    assertThat(run("snapshot", "export", "--data-dir", rolling.toString(), "--progress",
        "none", shared.resolve("full-of-rolling").toString()).err())
        .startsWith("cairn: Incompatible_history_mode: ").contains("--rolling")
        .doesNotContain("read-only");
    assertThat(run("snapshot", "export", "--data-dir", node.toString(), "--progress", "none",
        shared.resolve("typo/s.tar").toString()).err())
        .startsWith("cairn: Invalid_export_path: ").contains(shared.resolve("typo")
            + " does not exist");
    assertThat(shared.resolve("typo")).doesNotExist();
    Path link = Files.createSymbolicLink(shared.resolve("link.tar"), snapshot);
    assertThat(ok("snapshot", "info", link.toString()).out()).startsWith("Cairn snapshot");
    Path existing = Files.createDirectories(shared.resolve("existing"));
    assertThat(run("snapshot", "export", "--data-dir", node.toString(), "--progress", "none",
        existing + "/.").err()).startsWith("cairn: Invalid_export_path: ")
        .contains("already exists");
    assertThat(oneUsageLine("node", "info", "--data-dir", "")).contains("an empty path");
  }

  @Test
  void aLibrarysMessageIsToldInOurWords() throws Exception {
    Path raw = shared.resolve("broken.raw");
    ok("snapshot", "export", "--data-dir", node.toString(), "--block", "head", "--progress",
        "none", "--export-format", "raw", raw.toString());
    Files.writeString(raw.resolve("metadata.json"), "{\"mode\":\n[1, 2");
    Cli.Run broken = run("snapshot", "info", raw.toString());
    assertThat(broken.err().strip()).as(broken.err())
        .startsWith("cairn: Cannot_read: metadata: not valid JSON: it ends early (line 2, column");
    Path copy = Files.createDirectories(shared.resolve("twice"));
    Files.writeString(copy.resolve("config.json"), "{\"chain_name\": \"a\",\n"
        + "\"chain_name\": \"b\"}");
    Cli.Run twice = run("node", "info", "--data-dir", copy.toString());
    assertThat(twice.err().strip()).as(twice.err()).startsWith("cairn: Invalid_data_dir: ")
        .endsWith("the key \"chain_name\" appears twice (line 2, column 13)");
    for (Cli.Run failed : List.of(broken, twice)) {
      assertThat(failed.status()).isEqualTo(1);
      assertThat(failed.err().strip().lines()).hasSize(1);
      assertThat(failed.err()).doesNotContain("Source", "`", "Unexpected", "Duplicate", "java");
    }
  }

  @Test
  void progressGoesToStandardErrorAsLogLinesThatAreNotErrors() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = CairnCommand.execute(new CairnCommand.Console(false, false),
        new PrintWriter(out, true), new PrintWriter(err, true), "snapshot", "export",
        "--data-dir", node.toString(), "--block", "head", "--progress-display-mode", "auto",
        shared.resolve("logged.tar").toString());
    assertThat(status).isZero();
    assertThat(err.toString()).as("auto on a log: lines, no bar frames").doesNotContain("\r")
        .contains("context: started").containsPattern("cemented cycles: 3/3 \\(100%\\), [0-9,]+/s");
    assertThat(err.toString().lines()).noneMatch(line -> line.startsWith("cairn: "));
    assertThat(out.toString()).doesNotContain("context:");
    assertThat(ProgressDisplay.logLine("context", 512, 1024, 10_000_000, 2_000_000_000L))
        .isEqualTo("context: 512/1,024 (50%), 256/s, 5.0 MB/s, about 2 s left");
    StringWriter bar = new StringWriter();
    try (ProgressDisplay display = new ProgressDisplay(ProgressDisplay.Mode.AUTO,
        new PrintWriter(bar), true, SignalCancellation.none())) {
      assertThat(display.mode()).as("auto on a terminal").isEqualTo(ProgressDisplay.Mode.BAR);
    }
  }

  @Test
  void theVersionSaysWhatBuiltItWhatItReadsAndWhatItRunsOn() {
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"},
        new String[] {"snapshot", "export", "-V"}, new String[] {"node", "info", "--version"})) {
      String version = ok(args).out();
      assertThat(version).as(String.join(" ", args))
          .containsPattern("cairn [0-9][^ ]* \\(commit [0-9a-f]{7,}.*, built 20[0-9-]+T")
          .contains("snapshot format: reads and writes version 1")
          .contains("Java " + System.getProperty("java.runtime.version"));
    }
    assertThat(ok("help", "snapshot", "export").out()).startsWith("Usage: cairn snapshot export");
  }

  @Test
  void exportAndImportSayTheirResultsInHumanUnitsOrAsJson() throws Exception {
    Path tar = shared.resolve("human.tar");
    String said = ok("snapshot", "export", "--data-dir", node.toString(), "--block", "head",
        "--progress", "none", tar.toString()).out();
    assertThat(said).containsPattern("\\n  [0-9.]+ KiB in [0-9]+ ms; [0-9,]+ context objects, "
        + "3 cemented cycles, [0-9]+ floating blocks");
    ObjectMapper json = new ObjectMapper();
    JsonNode exported = json.readTree(ok("snapshot", "export", "--data-dir", node.toString(),
        "--block", "head", "--progress", "none", "--json", shared.resolve("j.tar").toString())
        .out());
    assertThat(exported.get("bytes").asLong()).isEqualTo(Files.size(shared.resolve("j.tar")));
    assertThat(exported.get("layout").asText()).isEqualTo("tar");
    JsonNode imported = json.readTree(ok("snapshot", "import", "--data-dir",
        shared.resolve("imported").toString(), "--progress", "none", "--json", tar.toString())
        .out());
    assertThat(imported.at("/head/level").asInt()).isEqualTo(30);
    assertThat(imported.get("replaced_node").asBoolean()).isFalse();
    JsonNode forced = json.readTree(ok("snapshot", "import", "--data-dir",
        shared.resolve("imported").toString(), "--progress", "none", "--json", "--force",
        tar.toString()).out());
    assertThat(forced.get("replaced_node").asBoolean()).isTrue();
    assertThat(forced.at("/replaced_head/level").asInt()).isEqualTo(30);
    String replaced = ok("snapshot", "import", "--data-dir",
        shared.resolve("imported").toString(), "--progress", "none", "--force", tar.toString())
        .out();
    assertThat(replaced).contains("replaced the node whose head was B").contains("(level 30)");
    String info = ok("snapshot", "info", tar.toString()).out();
    assertThat(info).containsPattern("Cairn snapshot, version 1, tar, [0-9.]+ KiB")
        .contains("protocol:       P").doesNotContain("1 floating blocks", "1 cemented cycles");
  }
}
