package dev.cairn.snapshot;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.testsupport.remote.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The remote-source contract over S3, from s3proxy with signed requests: the credentials come
 * from the AWS SDK's default chain (here its system properties), as a user's would.
 */
class S3SourceTest extends RemoteSourceContractTest {

  static final String BUCKET = "snapshots";

  @TempDir
  static Path shared;
  static RemoteFixtures fixtures;
  static S3Server server;

  @BeforeAll
  static void serve() throws Exception {
    S3Credentials.set();
    fixtures = RemoteFixtures.make(shared);
    server = S3Server.start(shared.resolve("blobs"));
    try (Remotes remotes = new Remotes(s3Options(server), Progress.NONE, () -> false)) {
      remotes.s3Client().createBucket(CreateBucketRequest.builder().bucket(BUCKET).build());
      try (Stream<Path> files = Files.list(fixtures.dir())) {
        for (Path file : files.toList()) {
          remotes.s3Client().putObject(PutObjectRequest.builder().bucket(BUCKET)
              .key("daily/" + file.getFileName()).build(), RequestBody.fromFile(file));
        }
      }
    }
  }

  static RemoteOptions s3Options(S3Server server) {
    return RemoteOptions.DEFAULTS.withS3(Optional.of(server.endpoint()), Optional.empty());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    S3Credentials.clear();
  }

  @Override
  RemoteFixtures fixtures() {
    return fixtures;
  }

  @Override
  String location(String name) {
    return "s3://" + BUCKET + "/daily/" + name;
  }

  @Override
  RemoteOptions options() {
    return quick(s3Options(server).withParallel(3));
  }
}
