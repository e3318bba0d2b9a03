package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental snapshots from the command line (DESIGN §16, §18): a base and two incrementals
 * exported while the node bakes; list; import of the chain equal to a direct import; squash
 * byte-identical to a direct export; verify; prune that keeps what a kept snapshot needs,
 * deleting nothing on --dry-run; and the refusals, one line each.
 */
class IncrementalCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static JsonNode json(Cli.Run run) throws Exception {
    return JSON.readTree(run.out());
  }

  private String node() {
    return dir.resolve("node").toString();
  }

  private JsonNode export(Path destination, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("snapshot", "export", "--data-dir", node(),
        "--progress", "none", "--json"));
    args.addAll(List.of(more));
    args.add(destination.toString());
    return json(ok(args.toArray(String[]::new)));
  }

  private List<String> listing(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void exportListImportSquashVerifyAndPruneAChain() throws Exception {
    ok("fixtures", "generate", "--data-dir", node(), "--blocks", "30", "--accounts", "200",
        "--progress", "none");
    Path pub = Files.createDirectories(dir.resolve("pub"));
    export(pub.resolve("base.full"));
    ok("node", "run", "--data-dir", node(), "--blocks", "8", "--progress", "none");
    JsonNode first = export(pub.resolve("inc1.full"), "--incremental-from",
        pub.resolve("base.full.manifest.json").toString());
    assertThat(first.get("parent").get("manifest").asText()).isEqualTo("base.full.manifest.json");
    ok("node", "run", "--data-dir", node(), "--blocks", "8", "--progress", "none");
    JsonNode second = export(pub.resolve("inc2.full"), "--incremental-from",
        pub.resolve("inc1.full.manifest.json").toString());
    JsonNode direct = export(dir.resolve("direct.full"));
    assertThat(second.get("bytes").asLong()).isLessThan(direct.get("bytes").asLong());
    assertThat(second.get("block_hash")).isEqualTo(direct.get("block_hash"));

    JsonNode listed = json(ok("snapshot", "list", "--json", pub.toString()));
    assertThat(listed.get("snapshots")).hasSize(3);
    assertThat(listed.get("snapshots").get(0).get("incremental").asBoolean()).isTrue();
    String table = ok("snapshot", "list", pub.toString()).out();
    assertThat(table).contains("inc2.full.manifest.json").contains("incr. of "
        + first.get("level").asInt()).contains("base");

    Path tip = pub.resolve("inc2.full.manifest.json");
    JsonNode imported = json(ok("snapshot", "import", "--data-dir",
        dir.resolve("via-chain").toString(), "--progress", "none", "--json", tip.toString()));
    JsonNode directly = json(ok("snapshot", "import", "--data-dir",
        dir.resolve("via-direct").toString(), "--progress", "none", "--json",
        dir.resolve("direct.full").toString()));
    for (String field : List.of("block_hash", "level", "history_mode", "head", "savepoint",
        "caboose")) {
      assertThat(imported.get(field)).as(field).isEqualTo(directly.get(field));
    }
    ok("store", "check", "--data-dir", dir.resolve("via-chain").toString(), "--replay",
        "--progress", "none");
    JsonNode chainInfo = json(ok("node", "info", "--data-dir",
        dir.resolve("via-chain").toString(), "--json"));
    JsonNode directInfo = json(ok("node", "info", "--data-dir",
        dir.resolve("via-direct").toString(), "--json"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) chainInfo).remove("data_dir");
    ((com.fasterxml.jackson.databind.node.ObjectNode) directInfo).remove("data_dir");
    assertThat(chainInfo).isEqualTo(directInfo);

    JsonNode squashed = json(ok("snapshot", "squash", "--progress", "none", "--json",
        tip.toString(), dir.resolve("squashed.full").toString()));
    assertThat(squashed.get("snapshots").asInt()).isEqualTo(3);
    assertThat(Files.mismatch(dir.resolve("squashed.full"), dir.resolve("direct.full")))
        .as("byte-identical to the direct export").isEqualTo(-1L);
    assertThat(ok("snapshot", "verify", "--progress", "none", tip.toString()).out())
        .startsWith("verified full snapshot of block " + direct.get("block_hash").asText());

    // The base is the oldest, but both incrementals depend on it: --keep 1 removes nothing.
    backdate(pub, "base.full", 30);
    backdate(pub, "inc1.full", 20);
    List<String> before = listing(pub);
    JsonNode keepOne = json(ok("snapshot", "prune", "--keep", "1", "--json", pub.toString()));
    assertThat(keepOne.get("removed")).isEmpty();
    assertThat(listing(pub)).isEqualTo(before);
    JsonNode dryRun = json(ok("snapshot", "prune", "--keep", "0", "--dry-run", "--json",
        pub.toString()));
    assertThat(dryRun.get("removed")).hasSize(3);
    assertThat(dryRun.get("bytes_freed").asLong()).isPositive();
    assertThat(listing(pub)).as("a dry run removes nothing").isEqualTo(before);
    String pruned = ok("snapshot", "prune", "--keep", "0", pub.toString()).out();
    assertThat(pruned).contains("removed base.full.manifest.json").contains("freed ");
    assertThat(listing(pub)).isEmpty();
  }

  @Test
  void pruneByAgeKeepsWhatAKeptSnapshotNeeds() throws Exception {
    ok("fixtures", "generate", "--data-dir", node(), "--blocks", "30", "--progress", "none");
    Path pub = Files.createDirectories(dir.resolve("pub"));
    export(pub.resolve("old.full"));
    ok("node", "run", "--data-dir", node(), "--blocks", "8", "--progress", "none");
    export(pub.resolve("base.full"));
    ok("node", "run", "--data-dir", node(), "--blocks", "8", "--progress", "none");
    export(pub.resolve("inc.full"), "--incremental-from",
        pub.resolve("base.full.manifest.json").toString());
    backdate(pub, "old.full", 10);
    backdate(pub, "base.full", 9);
    JsonNode plan = json(ok("snapshot", "prune", "--keep", "3", "--max-age", "5", "--json",
        pub.toString()));
    assertThat(plan.get("removed")).hasSize(1);
    assertThat(plan.get("removed").get(0).get("snapshot").asText()).isEqualTo("old.full");
    assertThat(listing(pub)).containsExactly("base.full", "base.full.manifest.json", "inc.full",
        "inc.full.manifest.json");
  }

  @Test
  void refusalsAreOneLine() throws Exception {
    ok("fixtures", "generate", "--data-dir", node(), "--blocks", "30", "--progress", "none");
    Path pub = Files.createDirectories(dir.resolve("pub"));
    export(pub.resolve("base.full"));
    ok("node", "run", "--data-dir", node(), "--blocks", "8", "--progress", "none");
    export(pub.resolve("inc.full"), "--incremental-from",
        pub.resolve("base.full.manifest.json").toString());

    Cli.Run below = run("snapshot", "export", "--data-dir", node(), "--progress", "none",
        "--block", "20", "--incremental-from", pub.resolve("inc.full.manifest.json").toString(),
        dir.resolve("x").toString());
    assertThat(oneLine(below)).startsWith("cairn: Invalid_export_block: parent_not_ancestor: ");

    Files.move(pub.resolve("base.full.manifest.json"), dir.resolve("moved.json"));
    Files.move(pub.resolve("base.full"), dir.resolve("base.full"));
    Cli.Run missing = run("snapshot", "import", "--data-dir", dir.resolve("t").toString(),
        "--progress", "none", pub.resolve("inc.full.manifest.json").toString());
    assertThat(oneLine(missing)).startsWith("cairn: Missing_parent: ");
    assertThat(dir.resolve("t")).doesNotExist();
    ok("snapshot", "import", "--data-dir", dir.resolve("t").toString(), "--progress", "none",
        "--parent", dir.resolve("moved.json").toString(),
        pub.resolve("inc.full.manifest.json").toString());
    assertThat(ok("snapshot", "verify", "--progress", "none", "--parent",
        dir.resolve("moved.json").toString(), pub.resolve("inc.full.manifest.json").toString())
        .out()).startsWith("verified full snapshot");
    assertThat(oneLine(run("snapshot", "verify", "--progress", "none",
        pub.resolve("inc.full.manifest.json").toString()))).startsWith("cairn: Missing_parent: ");

    Cli.Run alone = run("snapshot", "import", "--data-dir", dir.resolve("u").toString(),
        "--progress", "none", pub.resolve("inc.full").toString());
    assertThat(oneLine(alone)).startsWith("cairn: Missing_parent: ");
  }

  private static String oneLine(Cli.Run run) {
    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    return run.err().strip();
  }

  private static void backdate(Path pub, String snapshot, int days) throws Exception {
    Files.setLastModifiedTime(pub.resolve(snapshot + ".manifest.json"),
        FileTime.from(Instant.now().minus(Duration.ofDays(days))));
  }
}
