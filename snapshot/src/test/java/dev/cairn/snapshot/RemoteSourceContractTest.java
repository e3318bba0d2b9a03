package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.verify.SnapshotVerifier;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.validator.chain.ChainCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §15: the same behaviour from every remote store (an HTTP server, an S3 server), each a
 * real one on 127.0.0.1: import, verify and info from a snapshot file's location and from a
 * manifest's (its parts fetched ahead), the result that of a local import; a missing object or a
 * damaged part is one typed error, with nothing left behind.
 */
abstract class RemoteSourceContractTest {

  @TempDir
  Path dir;

  /** The published snapshots. */
  abstract RemoteFixtures fixtures();

  /** Where the store serves the published file {@code name}. */
  abstract String location(String name);

  /** How the store is reached; quick retries, as a test needs. */
  abstract RemoteOptions options();

  static RemoteOptions quick(RemoteOptions options) {
    return options.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
        Duration.ofMillis(1));
  }

  private SnapshotImporter.Result importFrom(String source, DataDir target) {
    return SnapshotImporter.run(new SnapshotImporter.Request(target, source, Optional.empty(),
        true, false, Optional.empty(), TrustPolicy.NONE, true, options()), Progress.NONE);
  }

  private SnapshotImporter.Result importLocally() {
    return SnapshotImporter.run(new SnapshotImporter.Request(DataDir.at(dir.resolve("local")),
        fixtures().whole().path().toString(), Optional.empty(), true, false), Progress.NONE);
  }

  @Test
  void aSnapshotFileImportsAsTheSameFileDoesLocally() {
    DataDir target = DataDir.at(dir.resolve("node"));
    SnapshotImporter.Result remote = importFrom(location(RemoteFixtures.WHOLE), target);
    SnapshotImporter.Result local = importLocally();
    assertThat(remote.markers()).isEqualTo(local.markers());
    assertThat(remote.metadata()).isEqualTo(local.metadata());
    ChainCheck.run(target, true, Progress.NONE);
    assertThat(names(dir)).containsExactlyInAnyOrder("node", "local");
  }

  @Test
  void aManifestIsReadWithItsPartsFetchedAheadAndChecked() {
    DataDir target = DataDir.at(dir.resolve("node"));
    SnapshotImporter.Result remote = importFrom(location(RemoteFixtures.SPLIT
        + ".manifest.json"), target);
    assertThat(fixtures().split().parts()).isGreaterThan(options().parallel());
    assertThat(remote.manifest()).isPresent();
    assertThat(remote.markers()).isEqualTo(importLocally().markers());
    ChainCheck.run(target, true, Progress.NONE);
    // The parts fetched ahead were kept beside the target only while the import ran.
    assertThat(names(dir)).containsExactlyInAnyOrder("node", "local");
  }

  @Test
  void infoReadsTheHeaderOfAFileAndOfAManifest() {
    SnapshotInfo.Header local = SnapshotInfo.read(fixtures().whole().path().toString());
    SnapshotInfo.Header whole = SnapshotInfo.read(location(RemoteFixtures.WHOLE),
        TrustPolicy.SHOWN_ONLY, options());
    SnapshotInfo.Header split = SnapshotInfo.read(location(RemoteFixtures.SPLIT
        + ".manifest.json"), TrustPolicy.SHOWN_ONLY, options());
    assertThat(whole.metadata()).isEqualTo(local.metadata());
    assertThat(split.metadata()).isEqualTo(local.metadata());
    assertThat(split.manifest()).isPresent();
    assertThat(whole.protocols()).isEqualTo(local.protocols());
  }

  @Test
  void verifyChecksARemoteSnapshotAndLeavesNothing() throws IOException {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    SnapshotVerifier.Report report = SnapshotVerifier.verify(new SnapshotVerifier.Request(
        location(RemoteFixtures.SPLIT + ".manifest.json"), Optional.empty(), Optional.empty(),
        scratch, TrustPolicy.NONE, options()), Progress.NONE);
    assertThat(report.metadata().block()).isEqualTo(fixtures().whole().metadata().block());
    assertThat(names(scratch)).isEmpty();
  }

  @Test
  void aMissingObjectIsRemoteErrorAndNothingIsWritten() {
    DataDir target = DataDir.at(dir.resolve("node"));
    assertThatThrownBy(() -> importFrom(location("absent.tar"), target))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Remote_error");
          assertThat(e.error().details()).contains("absent.tar").contains("404");
        });
    assertThat(names(dir)).isEmpty();
  }

  @Test
  void aDamagedPartIsDigestMismatchNamingItAndNothingIsLeft() {
    DataDir target = DataDir.at(dir.resolve("node"));
    assertThatThrownBy(() -> importFrom(location(RemoteFixtures.DAMAGED + ".manifest.json"),
        target)).isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Digest_mismatch");
          assertThat(e.error().details()).contains(SnapshotManifest.partName(
              RemoteFixtures.DAMAGED, fixtures().split().metadata().block(), 2));
        });
    assertThat(names(dir)).isEmpty();
  }

  static List<String> names(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
