package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust story from the command line (DESIGN §14, §18): a key, a split and signed export,
 * info and verify on its manifest, an untrusted key refused before anything is written, a
 * second signer, a damaged part named; each refusal one line, exit 1.
 */
class TrustCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static JsonNode json(Cli.Run run) throws Exception {
    return JSON.readTree(run.out());
  }

  private static String refusal(Cli.Run run) {
    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    return run.err().strip();
  }

  private List<String> listing() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void publishSignVerifyAndImportOnlyWhatTrustedKeysSigned() throws Exception {
    Path node = dir.resolve("node");
    ok("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "30", "--progress",
        "none");
    String publisher = json(ok("key", "generate", "--out", dir.resolve("k1").toString(),
        "--json")).get("public_key").asText();
    String second = json(ok("key", "generate", "--out", dir.resolve("k2").toString(),
        "--json")).get("public_key").asText();
    JsonNode exported = json(ok("snapshot", "export", "--data-dir", node.toString(),
        "--progress", "none", "--split-size", "16KiB", "--sign-key",
        dir.resolve("k1").toString(), "--json", dir.resolve("s.tar").toString()));
    assertThat(exported.get("parts").asInt()).isGreaterThan(2);
    assertThat(exported.get("signed_by").asText()).isEqualTo(publisher);
    String manifest = exported.get("manifest").asText();
    assertThat(manifest).isEqualTo(dir.resolve("s.tar.manifest.json").toString());

    JsonNode info = json(ok("snapshot", "info", "--json", manifest)).get("manifest");
    assertThat(info.get("parts").asInt()).isEqualTo(exported.get("parts").asInt());
    assertThat(info.get("signatures").get(0).get("public_key").asText()).isEqualTo(publisher);
    assertThat(info.get("signatures").get(0).get("valid").asBoolean()).isTrue();

    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    JsonNode verified = json(ok("snapshot", "verify", "--progress", "none", "--scratch-dir",
        scratch.toString(), "--trusted-key", publisher, "--json", manifest));
    assertThat(verified.get("verified").asBoolean()).isTrue();
    assertThat(verified.get("checks").toString()).contains("1 signature, each valid; 1 by the "
        + "1 trusted key, 1 needed").contains("every size and SHA-256 as listed");

    List<String> before = listing();
    assertThat(refusal(run("snapshot", "import", "--data-dir", dir.resolve("m").toString(),
        "--progress", "none", "--trusted-key", second, manifest)))
        .startsWith("cairn: Untrusted_snapshot: ").contains("signed by 0 of the 1 trusted keys");
    assertThat(listing()).as("nothing written, not even staging").isEqualTo(before);
    assertThat(run("snapshot", "import", "--data-dir", dir.resolve("m").toString(),
        "--trusted-key", publisher, "--min-signatures", "2", manifest).status()).isEqualTo(2);

    assertThat(ok("snapshot", "sign", "--key", dir.resolve("k2").toString(), manifest).out())
        .contains("it now carries 2 signatures");
    assertThat(ok("snapshot", "import", "--data-dir", dir.resolve("m").toString(),
        "--progress", "none", "--trusted-key", publisher, "--trusted-key", second,
        "--min-signatures", "2", manifest).out()).startsWith("imported block ");

    Path part;
    try (Stream<Path> parts = Files.list(dir)) {
      part = parts.filter(p -> p.getFileName().toString().matches("s\\.tar\\.B\\w+\\.part-00001"))
          .findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(part);
    bytes[7] ^= 1;
    Files.write(part, bytes);
    assertThat(refusal(run("snapshot", "verify", "--progress", "none", "--scratch-dir",
        scratch.toString(), manifest))).startsWith("cairn: Digest_mismatch: " + part.getFileName()
        + ": expected SHA-256 ");
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
    assertThat(run("snapshot", "export", "--data-dir", node.toString(), "--split-size", "1KiB",
        dir.resolve("t.tar").toString()).err()).startsWith("cairn: --split-size: '1KiB' is "
        + "out of range: at least 4.0 KiB");
  }
}
