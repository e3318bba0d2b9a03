package dev.cairn.node;

import static dev.cairn.node.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.testsupport.remote.HoldingProxy;
import dev.cairn.testsupport.remote.S3Server;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * DESIGN §15: Ctrl-C to a real {@code cairn snapshot export … s3://} process in the middle of its
 * multipart upload. A proxy in front of s3proxy holds the first part in flight (synchronised on
 * that request, never on time); the process is signalled, the part let through; it must abort
 * the upload, leave no object and no multipart upload in the bucket, remove its scratch, say
 * {@code cairn: Interrupted} in one line and exit 130.
 */
class S3UploadSignalTest {

  @TempDir
  Path dir;

  @Test
  void ctrlCMidUploadAbortsItAndLeavesNothing() throws Exception {
    Path node = dir.resolve("node");
    // Enough accounts for a context past one 8 MiB part: the upload is multipart.
    ok("fixtures", "generate", "--data-dir", node.toString(), "--blocks", "40", "--accounts",
        "150000", "--progress", "none");
    System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
    try (S3Server s3 = S3Server.start(dir.resolve("blobs"));
        HoldingProxy proxy = HoldingProxy.to(s3.endpoint().getPort(), "partNumber=");
        Remotes remotes = new Remotes(RemoteOptions.DEFAULTS.withS3(
            Optional.of(s3.endpoint()), Optional.empty()), Progress.NONE, () -> false)) {
      s3.createBucket("snaps");
      Path log = dir.resolve("err.log");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-opens", "java.base/java.nio=ALL-UNNAMED",
          "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Daws.disableEc2Metadata=true",
          "-cp", System.getProperty("java.class.path"), CairnCommand.class.getName(),
          "snapshot", "export", "--data-dir", node.toString(), "--progress", "log",
          "--s3-endpoint", "http://127.0.0.1:" + proxy.port(), "s3://snaps/daily/s.tar"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile())
          .redirectOutput(dir.resolve("out.log").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
      builder.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
      Process child = builder.start();
      try {
        assertThat(proxy.awaitHeld(120)).as("a part upload reached the proxy").isTrue();
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start()
            .waitFor()).isZero();
        proxy.release();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      List<String> err = Files.readAllLines(log);
      assertThat(child.exitValue()).as(String.join("\n", err)).isEqualTo(130);
      assertThat(err.get(err.size() - 1)).startsWith("cairn: Interrupted: by SIGINT: the "
          + "upload was stopped; it was aborted");
      assertThat(err.subList(0, err.size() - 1)).noneMatch(line -> line.startsWith("cairn: ")
          || line.contains(S3Server.SECRET_KEY));
      S3Client client = remotes.s3Client();
      assertThat(client.listMultipartUploads(b -> b.bucket("snaps")).uploads()).isEmpty();
      assertThat(client.listObjectsV2(b -> b.bucket("snaps")).contents()).isEmpty();
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.contains(".upload-"));
      }
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
