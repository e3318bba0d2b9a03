package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.testsupport.remote.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DESIGN §15, export to S3 (s3proxy on 127.0.0.1): the object is byte for byte the file a local
 * export of the same block writes; split, one object per part and the manifest last; a failed or
 * stopped upload leaves no object and no multipart upload behind (listed afterwards); an object
 * already at the key is refused before the work.
 */
class S3ExportTest {

  static final String BUCKET = "exports";
  /** The smallest part S3 (and s3proxy) takes but the last. */
  static final int PART = 5 << 20;

  @TempDir
  static Path shared;
  static DataDir source;
  static S3Server server;
  static Remotes remotes;
  static S3Client s3;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    S3Credentials.set();
    // Enough accounts for a context of a few parts.
    source = TestChains.generate(shared.resolve("source"), 40, "full:1", 1, 150_000);
    server = S3Server.start(shared.resolve("blobs"));
    remotes = new Remotes(options(), Progress.NONE, () -> false);
    s3 = remotes.s3Client();
    s3.createBucket(CreateBucketRequest.builder().bucket(BUCKET).build());
  }

  @AfterAll
  static void stop() throws Exception {
    remotes.close();
    server.close();
    S3Credentials.clear();
  }

  @AfterEach
  void noMultipartUploadIsLeft() {
    assertThat(s3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(BUCKET)
        .build()).uploads()).isEmpty();
  }

  static RemoteOptions options() {
    return RemoteOptions.DEFAULTS.withS3(Optional.of(server.endpoint()), Optional.empty());
  }

  private static SnapshotExporter.Request request(boolean zstd, OptionalLong split) {
    return new SnapshotExporter.Request(source, BlockId.DEFAULT, false, ExportFormat.TAR, zstd,
        Optional.empty(), split, "test", Optional.empty());
  }

  private static SnapshotExporter.Uploaded upload(String key, boolean zstd, OptionalLong split,
      Progress progress) {
    return SnapshotExporter.upload(request(zstd, split), new RemoteLocation.S3(BUCKET, key),
        options(), PART, progress);
  }

  private static List<String> keys(String prefix) {
    return s3.listObjectsV2(ListObjectsV2Request.builder().bucket(BUCKET).prefix(prefix)
        .build()).contents().stream().map(S3Object::key).sorted().toList();
  }

  private static byte[] object(String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build())
        .asByteArray();
  }

  @Test
  void anUploadIsByteForByteTheLocalExportAndImportsBack() throws Exception {
    SnapshotExporter.Result local = SnapshotExporter.export(new SnapshotExporter.Request(source,
        BlockId.DEFAULT, false, ExportFormat.TAR, false, Optional.of(dir.resolve("s.tar")),
        OptionalLong.empty(), "test", Optional.empty()), Progress.NONE);
    SnapshotExporter.Uploaded uploaded = upload("one/s.tar", false, OptionalLong.empty(),
        Progress.NONE);
    assertThat(Files.size(local.path())).isGreaterThan(2L * PART); // a multipart upload
    assertThat(object("one/s.tar")).isEqualTo(Files.readAllBytes(local.path()));
    assertThat(object("one/s.tar.manifest.json"))
        .isEqualTo(Files.readAllBytes(local.manifest()));
    assertThat(uploaded.manifest()).isEqualTo("s3://" + BUCKET + "/one/s.tar.manifest.json");
    assertThat(keys("one/")).containsExactly("one/s.tar", "one/s.tar.manifest.json");
    SnapshotImporter.Result imported = SnapshotImporter.run(new SnapshotImporter.Request(
        DataDir.at(dir.resolve("node")), uploaded.manifest(), Optional.empty(), true, false,
        Optional.empty(), TrustPolicy.NONE, true, options()), Progress.NONE);
    assertThat(imported.metadata()).isEqualTo(local.metadata());
  }

  @Test
  void aSplitUploadIsOneObjectPerPartNamedForItsBlockAndItsManifestLast() {
    SnapshotExporter.Uploaded uploaded = upload("two/s.tar", false, OptionalLong.of(6 << 20),
        Progress.NONE);
    assertThat(uploaded.parts()).isGreaterThanOrEqualTo(2);
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < uploaded.parts(); i++) {
      expected.add("two/" + SnapshotManifest.partName("s.tar", uploaded.metadata().block(), i));
    }
    expected.add("two/s.tar.manifest.json");
    assertThat(keys("two/")).containsExactlyInAnyOrderElementsOf(expected);
    SnapshotImporter.Result imported = SnapshotImporter.run(new SnapshotImporter.Request(
        DataDir.at(dir.resolve("node")), uploaded.manifest(), Optional.empty(), true, false,
        Optional.empty(), TrustPolicy.NONE, true, options()), Progress.NONE);
    assertThat(imported.metadata().block()).isEqualTo(uploaded.metadata().block());
  }

  @Test
  void aStoppedUploadLeavesNoObjectAndNoMultipartUpload() {
    // Stopped once the cemented cycles are written: parts of the object are already up.
    Progress stopping = new Progress() {
      boolean stop;

      @Override
      public void phase(String name, long total) {
        stop |= name.startsWith("cemented");
      }

      @Override
      public void advance(long done) {}

      @Override
      public boolean cancelled() {
        return stop;
      }
    };
    for (OptionalLong split : List.of(OptionalLong.empty(), OptionalLong.of(6 << 20))) {
      assertThatThrownBy(() -> upload("three/s.tar", false, split, stopping))
          .isInstanceOfSatisfying(CairnException.class, e ->
              assertThat(e.error().name()).isEqualTo("Interrupted"));
      assertThat(keys("three/")).isEmpty();
      noMultipartUploadIsLeft();
    }
    assertThat(RemoteSourceContractTest.names(shared)).noneMatch(name ->
        name.contains(".upload-"));
  }

  @Test
  void anObjectAlreadyThereIsRefusedBeforeTheWork() {
    for (String existing : List.of("four/s.tar", "four/s.tar.manifest.json",
        "four/s.tar.BLockOfAnother.part-00003")) {
      s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key(existing).build(),
          RequestBody.fromString("somebody's"));
      assertThatThrownBy(() -> upload("four/s.tar", false, OptionalLong.empty(), Progress.NONE))
          .isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Invalid_export_path");
            assertThat(e.error().details()).contains(existing + " already exists");
          });
      assertThat(object(existing)).asString().isEqualTo("somebody's");
      s3.deleteObject(b -> b.bucket(BUCKET).key(existing));
    }
  }

  @Test
  void aRawSnapshotIsNotUploaded() {
    assertThatThrownBy(() -> SnapshotExporter.upload(new SnapshotExporter.Request(source,
        BlockId.DEFAULT, false, ExportFormat.RAW, false, Optional.empty()),
        new RemoteLocation.S3(BUCKET, "five/raw"), options(), PART, Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().details()).contains("upload a tar"));
  }
}
