package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smart rollups from the command line (DESIGN §17, §18): a testnet generated with a rollup, its
 * address printed and in {@code node info --json}; {@code rollup run} and {@code rollup info};
 * full and compact snapshots exported, described, imported (checked against L1) and verified;
 * and the refusals, one line each with their exit status.
 */
class RollupCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static JsonNode json(Cli.Run run) throws Exception {
    return JSON.readTree(run.out());
  }

  /**
   * A rollup snapshot signed by its publisher and served over HTTP, the transfer dropped once:
   * imported from the manifest's URL, resumed, only when its key is trusted.
   */
  @Test
  void aSignedRollupSnapshotIsImportedOverHttpOnlyWithItsKeyTrusted() throws Exception {
    String l1 = dir.resolve("l1").toString();
    ok("fixtures", "generate", "--data-dir", l1, "--blocks", "40", "--accounts", "100",
        "--protocol-switch-at", "2", "--rollups", "1", "--progress", "none");
    String address = json(ok("node", "info", "--data-dir", l1, "--json")).get("rollups").get(0)
        .get("address").asText();
    String node = dir.resolve("rollup").toString();
    ok("rollup", "run", "--data-dir", node, "--l1-data-dir", l1, "--rollup", address,
        "--progress", "none");
    String publisher = json(ok("key", "generate", "--out", dir.resolve("k1").toString(),
        "--json")).get("public_key").asText();
    String stranger = json(ok("key", "generate", "--out", dir.resolve("k2").toString(),
        "--json")).get("public_key").asText();
    Path pub = java.nio.file.Files.createDirectories(dir.resolve("pub"));
    ok("rollup", "snapshot", "export", "--data-dir", node, "--sign-key",
        dir.resolve("k1").toString(), "--progress", "none", pub.resolve("r.zst").toString());
    try (dev.cairn.testsupport.remote.HttpFileServer http =
        dev.cairn.testsupport.remote.HttpFileServer.serve(pub)) {
      String url = http.url("r.zst.manifest.json").toString();
      Cli.Run untrusted = run("rollup", "snapshot", "import", "--data-dir",
          dir.resolve("a").toString(), "--trusted-key", stranger, "--progress", "none", url);
      assertThat(untrusted.status()).isEqualTo(1);
      assertThat(untrusted.err()).startsWith("cairn: Untrusted_snapshot: ");
      assertThat(dir.resolve("a")).doesNotExist();
      http.inject(new dev.cairn.testsupport.remote.HttpFileServer.DropAfter(2_000));
      JsonNode imported = json(ok("rollup", "snapshot", "import", "--data-dir",
          dir.resolve("b").toString(), "--l1-data-dir", l1, "--trusted-key", publisher,
          "--json", "--progress", "none", url));
      assertThat(imported.get("rollup").asText()).isEqualTo(address);
      JsonNode header = json(ok("rollup", "snapshot", "info", "--json", url))
          .get("rollup_snapshot_header");
      assertThat(header.get("head_level").asInt()).isEqualTo(imported.get("head_level").asInt());
    }
  }

  @Test
  void generateRunExportImportAndDescribeARollup() throws Exception {
    String l1 = dir.resolve("l1").toString();
    Cli.Run generated = ok("fixtures", "generate", "--data-dir", l1, "--blocks", "70",
        "--accounts", "100", "--protocol-switch-at", "2", "--rollups", "1", "--progress",
        "none");
    JsonNode info = json(ok("node", "info", "--data-dir", l1, "--json"));
    JsonNode rollup = info.get("rollups").get(0);
    String address = rollup.get("address").asText();
    assertThat(address).startsWith("sr1").hasSize(36);
    assertThat(generated.out()).contains("rollup     " + address);
    assertThat(rollup.get("kind").asText()).isEqualTo("arith");
    assertThat(rollup.get("last_cemented_commitment").get("inbox_level").asInt())
        .isGreaterThan(3);
    assertThat(json(ok("node", "info", "--data-dir", dir.resolve("l1").toString(), "--json"))
        .get("protocol_levels")).hasSize(4);

    String node = dir.resolve("rollup").toString();
    ok("rollup", "run", "--data-dir", node, "--l1-data-dir", l1, "--rollup", address,
        "--levels", "20", "--progress", "none");
    Cli.Run ran = ok("rollup", "run", "--data-dir", node, "--l1-data-dir", l1,
        "--progress", "none");
    assertThat(ran.out()).contains("processed");
    JsonNode described = json(ok("rollup", "info", "--data-dir", node, "--json"));
    assertThat(described.get("rollup").asText()).isEqualTo(address);
    assertThat(described.get("head").get("level").asInt())
        .isEqualTo(info.get("checkpoint").get("level").asInt());
    assertThat(described.get("last_cemented_commitment").get("hash").asText())
        .isEqualTo(rollup.get("last_cemented_commitment").get("hash").asText());

    Path compact = dir.resolve("compact.zst");
    JsonNode exported = json(ok("rollup", "snapshot", "export", "--data-dir", node, "--compact",
        "--json", "--progress", "none", compact.toString()));
    assertThat(exported.get("mode").asText()).isEqualTo("compact");
    assertThat(exported.get("context_commits").asInt()).isEqualTo(1);
    assertThat(exported.get("hold_milliseconds").asDouble()).isPositive();
    JsonNode header = json(ok("rollup", "snapshot", "info", "--json",
        compact + ".manifest.json")).get("rollup_snapshot_header");
    assertThat(header.get("compressed").asBoolean()).isTrue();
    assertThat(header.get("rollup").asText()).isEqualTo(address);
    assertThat(header.get("head_level").asInt()).isEqualTo(described.get("head").get("level")
        .asInt());

    JsonNode imported = json(ok("rollup", "snapshot", "import", "--data-dir",
        dir.resolve("imported").toString(), "--l1-data-dir", l1, "--json", "--progress",
        "none", compact + ".manifest.json"));
    assertThat(imported.get("replayed_levels").asInt()).isPositive();
    assertThat(json(ok("rollup", "info", "--data-dir", dir.resolve("imported").toString(),
        "--json")).get("head")).isEqualTo(described.get("head"));
    assertThat(ok("rollup", "snapshot", "verify", "--progress", "none", compact.toString())
        .out()).contains("every check passed");

    Path plain = dir.resolve("full.tar");
    ok("rollup", "snapshot", "export", "--data-dir", node, "--compression", "no", "--no-check",
        "--progress", "none", plain.toString());
    assertThat(json(ok("rollup", "snapshot", "info", "--json", plain.toString()))
        .get("rollup_snapshot_header").get("compressed").asBoolean()).isFalse();

    Cli.Run again = run("rollup", "snapshot", "import", "--data-dir",
        dir.resolve("imported").toString(), "--progress", "none", plain.toString());
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).startsWith("cairn: Directory_already_exists: ");
    Cli.Run older = run("rollup", "snapshot", "import", "--force", "--data-dir",
        dir.resolve("imported").toString(), "--progress", "none", plain.toString());
    assertThat(older.err()).startsWith("cairn: Rollup_snapshot_too_old: ");
    Cli.Run l1Snapshot = run("snapshot", "info", plain.toString());
    assertThat(l1Snapshot.status()).isEqualTo(1);
    assertThat(l1Snapshot.err()).startsWith("cairn: Not_a_snapshot: ");
    Cli.Run usage = run("rollup", "snapshot", "export", "--data-dir", node, "--compression",
        "gzip");
    assertThat(usage.status()).isEqualTo(2);
    String nowhere = dev.cairn.store.hash.RollupAddress.of(new byte[20]).toString();
    Cli.Run other = run("rollup", "run", "--data-dir", node, "--l1-data-dir", l1, "--rollup",
        nowhere, "--progress", "none");
    assertThat(other.err()).startsWith("cairn: Rollup_mismatch: ");
    Cli.Run unknown = run("rollup", "run", "--data-dir", dir.resolve("new").toString(),
        "--l1-data-dir", l1, "--rollup", nowhere, "--progress", "none");
    assertThat(unknown.err()).startsWith("cairn: Sc_rollup_does_not_exist: ");
    // A landing cut short between its two renames: the old directory aside, none in place.
    // Every rollup command puts it back before it opens the directory.
    Path landed = dir.resolve("imported");
    java.nio.file.Files.move(landed, dev.cairn.store.datadir.RollupDataDir.at(landed)
        .importAsideDir());
    assertThat(json(ok("rollup", "info", "--data-dir", landed.toString(), "--json"))
        .get("head")).isEqualTo(described.get("head"));
    for (Cli.Run refused : new Cli.Run[] {again, older, l1Snapshot, other, unknown}) {
      assertThat(refused.err().strip()).doesNotContain("\n").doesNotContain("Exception");
    }
  }
}
