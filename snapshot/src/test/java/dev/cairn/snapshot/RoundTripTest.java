package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.BlockReader;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.validator.chain.ChainCheck;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {

  @TempDir
  Path dir;

  @Test
  void aFullTarSnapshotImportsAndChecks() {
    DataDir source = TestChains.generate(dir.resolve("source"), 30, "full:1");
    SnapshotExporter.Result exported = SnapshotExporter.export(new SnapshotExporter.Request(
        source, BlockId.DEFAULT, false, ExportFormat.TAR, false,
        Optional.of(dir.resolve("snap.full"))), Progress.NONE);
    DataDir target = DataDir.at(dir.resolve("imported"));
    SnapshotImporter.Result imported = SnapshotImporter.run(new SnapshotImporter.Request(target,
        exported.path().toString(), Optional.empty(), true, false), Progress.NONE);
    Markers markers = imported.markers();
    assertThat(markers.head().hash()).isEqualTo(exported.metadata().block());
    ChainCheck.run(target, true, Progress.NONE);
    try (BlockReader store = BlockReader.open(target)) {
      assertThat(store.markers().caboose().level()).isZero();
    }
  }
}
