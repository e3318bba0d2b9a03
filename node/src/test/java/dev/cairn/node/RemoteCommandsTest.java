package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testsupport.remote.HttpFileServer;
import dev.cairn.testsupport.remote.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §15 from the command line: {@code snapshot export … s3://}, then {@code info}, {@code
 * verify} and {@code import} of its S3 object and of a web server's copy; every refusal one line,
 * every misuse a usage error; credentials never printed.
 */
class RemoteCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path shared;
  static S3Server s3;
  static String endpoint;
  static HttpFileServer http;
  static Path node;
  static Path published;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
    s3 = S3Server.start(shared.resolve("blobs"));
    s3.createBucket("snaps");
    endpoint = s3.endpoint().toString();
    node = shared.resolve("node");
    ok("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "40", "--progress",
        "none");
    published = Files.createDirectories(shared.resolve("www"));
    ok("snapshot", "export", "--data-dir", node.toString(), "--progress", "none",
        "--split-size", "32KiB", published.resolve("s.tar").toString());
    http = HttpFileServer.serve(published);
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    s3.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static String refusal(Cli.Run run) {
    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    return run.err().strip();
  }

  private static String usage(Cli.Run run) {
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    return run.err();
  }

  @Test
  void anExportUploadedToS3IsShownVerifiedAndImportedFromThere() throws Exception {
    JsonNode uploaded = JSON.readTree(ok("snapshot", "export", "--data-dir", node.toString(),
        "--progress", "none", "--compress", "zstd", "--s3-endpoint", endpoint, "--json",
        "s3://snaps/daily/s.tar.zst").out());
    assertThat(uploaded.get("manifest").asText())
        .isEqualTo("s3://snaps/daily/s.tar.zst.manifest.json");
    String manifest = uploaded.get("manifest").asText();
    JsonNode info = JSON.readTree(ok("snapshot", "info", "--json", "--s3-endpoint", endpoint,
        manifest).out());
    assertThat(info.at("/snapshot_header/block_hash").asText())
        .isEqualTo(uploaded.get("block_hash").asText());
    assertThat(ok("snapshot", "verify", "--progress", "none", "--s3-endpoint", endpoint,
        "--scratch-dir", Files.createDirectories(dir.resolve("scratch")).toString(),
        "s3://snaps/daily/s.tar.zst").out()).contains("verified");
    Cli.Run imported = ok("snapshot", "import", "--data-dir", dir.resolve("m").toString(),
        "--progress", "log", "--s3-endpoint", endpoint, manifest);
    assertThat(imported.out()).startsWith("imported block " + uploaded.get("block_hash")
        .asText());
    assertThat(imported.err()).contains("downloaded").doesNotContain(S3Server.SECRET_KEY)
        .doesNotContain(S3Server.ACCESS_KEY);
    // A second upload to the same name is refused, in one line, before the work.
    assertThat(refusal(run("snapshot", "export", "--data-dir", node.toString(), "--progress",
        "none", "--compress", "zstd", "--s3-endpoint", endpoint, "s3://snaps/daily/s.tar.zst")))
        .startsWith("cairn: Invalid_export_path: s3://snaps/daily/s.tar.zst: ")
        .contains("already exists");
  }

  @Test
  void aWebServersSplitSnapshotIsImportedWithItsPartsFetchedAhead() throws Exception {
    String url = http.url("s.tar.manifest.json").toString();
    Cli.Run imported = ok("snapshot", "import", "--data-dir", dir.resolve("m").toString(),
        "--progress", "none", "--parallel", "2", url);
    assertThat(imported.out()).startsWith("imported block ");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("m");
    }
    assertThat(ok("snapshot", "info", url).out()).contains("manifest:", "parts");
  }

  @Test
  void remoteFailuresAreOneLine() {
    assertThat(refusal(run("snapshot", "import", "--data-dir", dir.resolve("m").toString(),
        "--progress", "none", http.url("absent.tar") + "?token=s3cr3t")))
        .isEqualTo("cairn: Remote_error: " + http.url("absent.tar") + ": status 404, no such "
            + "file");
    assertThat(refusal(run("snapshot", "info", "--s3-endpoint", endpoint,
        "s3://snaps/absent.tar"))).startsWith("cairn: Remote_error: s3://snaps/absent.tar: "
        + "status 404");
    assertThat(refusal(run("snapshot", "info", "--retries", "0", "--connect-timeout", "2",
        "http://127.0.0.1:1/s.tar"))).startsWith("cairn: Source_unreachable: "
        + "http://127.0.0.1:1/s.tar: ");
    assertThat(dir.resolve("m")).doesNotExist();
  }

  @Test
  void insecureIsSaidOnStandardError() {
    Cli.Run info = ok("snapshot", "info", "--insecure", http.url("s.tar.manifest.json")
        .toString());
    assertThat(info.err()).startsWith("warning: --insecure: ");
  }

  @Test
  void misusesAreUsageErrors() {
    assertThat(usage(run("snapshot", "import", "--parallel", "0", "--data-dir",
        dir.resolve("m").toString(), http.url("s.tar").toString()))).contains("--parallel");
    assertThat(usage(run("snapshot", "info", "--s3-endpoint", "ftp://host", "s3://b1/k")))
        .contains("http(s)://HOST");
    assertThat(usage(run("snapshot", "export", "--data-dir", node.toString(),
        "--export-format", "raw", "s3://snaps/raw"))).contains("tar");
    assertThat(usage(run("snapshot", "export", "--data-dir", node.toString(),
        "https://example.invalid/s.tar"))).contains("s3://BUCKET/KEY");
  }
}
