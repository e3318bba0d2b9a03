package dev.cairn.snapshot;

import dev.cairn.snapshot.format.SnapshotManifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.snapshot.verify.SnapshotVerifier;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshot verify}: the checks of an import, and of the manifest, and nothing written but
 * a scratch directory that is gone afterwards, whether it passed, failed or was stopped.
 */
class SnapshotVerifierTest {

  @TempDir
  static Path shared;

  static Path manifest;
  static SnapshotExporter.Result exported;

  @TempDir
  Path scratch;

  @BeforeAll
  static void snapshot() {
    DataDir source = TestChains.generate(shared.resolve("source"), 30, "full:1");
    exported = SnapshotExporter.export(new SnapshotExporter.Request(source, BlockId.DEFAULT,
        false, ExportFormat.TAR, true, Optional.of(shared.resolve("s.tar.zst")),
        OptionalLong.of(8192), "test", Optional.empty()), Progress.NONE);
    manifest = exported.manifest();
  }

  private SnapshotVerifier.Report verify(Path source, Progress progress) {
    return SnapshotVerifier.verify(new SnapshotVerifier.Request(source.toString(),
        Optional.empty(), Optional.empty(), scratch, TrustPolicy.NONE), progress);
  }

  private List<String> scratchContents() throws IOException {
    try (Stream<Path> entries = Files.list(scratch)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void aGoodSnapshotVerifiesAndLeavesNothing() throws IOException {
    SnapshotVerifier.Report report = verify(manifest, Progress.NONE);
    assertThat(report.metadata()).isEqualTo(exported.metadata());
    assertThat(report.manifest()).isPresent();
    assertThat(report.manifest().get().manifest().parts()).hasSize(exported.parts());
    assertThat(scratchContents()).isEmpty();
  }

  @Test
  void aDamagedOneFailsAsAnImportWouldAndLeavesNothing() throws IOException {
    Path copy = scratch.resolveSibling(scratch.getFileName() + "-copy");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(shared)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, copy.resolve(file.getFileName().toString()));
      }
    }
    Path last = copy.resolve(SnapshotManifest.partName("s.tar.zst", exported.metadata().block(),
        exported.parts() - 1));
    byte[] bytes = Files.readAllBytes(last);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(last, bytes);
    assertThatThrownBy(() -> verify(copy.resolve("s.tar.zst.manifest.json"), Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Digest_mismatch");
          assertThat(e.error().details()).startsWith(last.getFileName() + ": expected SHA-256");
        });
    assertThat(scratchContents()).isEmpty();
    BlockHash other = BlockHash.parse("BLockGenesisGenesisGenesisGenesisGenesisf79b5d1CoW2");
    assertThatThrownBy(() -> SnapshotVerifier.verify(new SnapshotVerifier.Request(
        manifest.toString(), Optional.empty(), Optional.of(other), scratch, TrustPolicy.NONE),
        Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Inconsistent_imported_block"));
    assertThat(scratchContents()).isEmpty();
  }

  @ParameterizedTest(name = "stopped at {0}")
  @ValueSource(strings = {"context", "cemented cycles"})
  void aStoppedVerifyRemovesItsScratch(String phase) throws IOException {
    Progress stopping = CancellationTest.stoppingAt(phase);
    assertThatThrownBy(() -> verify(manifest, stopping)).isInstanceOfSatisfying(
        CairnException.class, e -> assertThat(e.error().name()).isEqualTo("Interrupted"));
    assertThat(scratchContents()).isEmpty();
  }

  @Test
  void aScratchDirectoryAKilledVerifyLeftIsSwept() throws IOException {
    Path left = DataDir.verifyScratchDir(scratch);
    Files.createDirectories(left.resolve("node"));
    Files.writeString(left.resolve("owner"), "pid 1"); // no process of ours holds its lock
    Path users = Files.createDirectories(scratch.resolve(".cairn-verify-mine"));
    Path elsewhere = Files.createTempDirectory(shared, "elsewhere");
    Files.writeString(elsewhere.resolve("owner"), "pid 1");
    Path link = Files.createSymbolicLink(scratch.resolve(".cairn-verify-link"), elsewhere);
    verify(manifest, Progress.NONE);
    assertThat(scratchContents()).containsExactlyInAnyOrder(users.getFileName().toString(),
        link.getFileName().toString());
    assertThat(elsewhere.resolve("owner")).exists();
    assertThat(DataDir.verifyScratchDir(scratch)).isNotEqualTo(DataDir.verifyScratchDir(scratch));
  }
}
