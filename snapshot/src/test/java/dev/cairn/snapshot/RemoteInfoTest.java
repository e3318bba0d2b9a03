package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.testsupport.remote.HttpFileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §15: {@code snapshot info} of a remote snapshot fetches its first members only. On a
 * snapshot whose context is megabytes (so that its first 64 KiB hold far more than the header),
 * tar (padded with zeros to 200 MB: still a valid snapshot, its end is zero records) and
 * tar+zstd (whose first block the exporter ends after the header members), the server sends at
 * most 64 KiB, and for the zstd one, a single first window.
 */
class RemoteInfoTest {

  @TempDir
  static Path shared;
  static DataDir source;

  @BeforeAll
  static void chain() {
    source = TestChains.generate(shared.resolve("source"), 40, "full:1", 1, 20_000);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void infoOfA200MegabyteSnapshotFetchesAtMost64KiB(boolean zstd) throws Exception {
    Path dir = Files.createDirectories(shared.resolve(zstd ? "zstd" : "tar"));
    SnapshotExporter.Result exported = SnapshotExporter.export(new SnapshotExporter.Request(
        source, BlockId.DEFAULT, false, ExportFormat.TAR, zstd, Optional.of(dir.resolve("s")),
        OptionalLong.empty(), "test", Optional.empty()), Progress.NONE);
    assertThat(exported.bytes()).isGreaterThan(256 << 10);
    try (HttpFileServer server = HttpFileServer.serve(dir)) {
      if (!zstd) {
        server.padWithZeros("s", 200_000_000);
      }
      SnapshotInfo.Header header = SnapshotInfo.read(server.url("s").toString(),
          TrustPolicy.SHOWN_ONLY, RemoteOptions.DEFAULTS);
      assertThat(header.metadata()).isEqualTo(exported.metadata());
      assertThat(server.bytesServed()).isLessThanOrEqualTo(64 << 10);
      if (zstd) {
        // The exporter ends the first zstd block after the header members: one window does.
        assertThat(server.gets()).isEqualTo(1);
      }
    }
  }
}
