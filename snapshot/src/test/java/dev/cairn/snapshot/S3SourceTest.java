package dev.cairn.snapshot;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.testsupport.remote.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.store.datadir.DataDir;
import org.junit.jupiter.api.Test;
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

  @Test
  void anObjectOverwrittenWhileItDownloadsIsSourceChanged() throws Exception {
    try (Remotes remotes = new Remotes(s3Options(server), Progress.NONE, () -> false)) {
      remotes.s3Client().putObject(PutObjectRequest.builder().bucket(BUCKET)
          .key("changing/" + RemoteFixtures.WHOLE).build(),
          RequestBody.fromFile(fixtures.whole().path()));
      // Once the import reads the context (after the first windows), the object is replaced.
      Progress overwriting = new Progress() {
        boolean done;

        @Override
        public void phase(String name, long total) {
          if (!done) {
            done = true;
            remotes.s3Client().putObject(PutObjectRequest.builder().bucket(BUCKET)
                .key("changing/" + RemoteFixtures.WHOLE).build(),
                RequestBody.fromFile(fixtures.split().path().resolveSibling(
                    SnapshotManifest.partName(RemoteFixtures.SPLIT,
                        fixtures.split().metadata().block(), 0))));
          }
        }

        @Override
        public void advance(long done) {}
      };
      assertThatThrownBy(() -> SnapshotImporter.run(new SnapshotImporter.Request(
          DataDir.at(dir.resolve("node")), "s3://" + BUCKET + "/changing/"
          + RemoteFixtures.WHOLE, Optional.empty(), true, false, Optional.empty(),
          TrustPolicy.NONE, true, options()), overwriting))
          .isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Source_changed");
            assertThat(e.error().details()).startsWith("s3://" + BUCKET + "/changing/");
          });
      assertThat(names(dir)).isEmpty();
    }
  }

  @Test
  void wrongCredentialsAreRemoteErrorWithoutTheKeyInIt() {
    System.setProperty("aws.secretAccessKey", "not-the-secret");
    try {
      assertThatThrownBy(() -> SnapshotInfo.read(location(RemoteFixtures.WHOLE),
          TrustPolicy.SHOWN_ONLY, options()))
          .isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Remote_error");
            assertThat(e.error().details()).contains("403").doesNotContain("not-the-secret")
                .doesNotContain(S3Server.ACCESS_KEY);
          });
    } finally {
      S3Credentials.set();
    }
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
