package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.chain.ChainImport;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.BlockReader;
import dev.cairn.store.Fetch;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.ContextHash;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental export from a node whose garbage collection has taken the parent's context
 * (B0−1's): the parent's objects are read from the parent snapshot instead, and the chain still
 * imports as the direct snapshot does.
 */
class IncrementalFromSnapshotTest {

  @TempDir
  Path dir;

  @Test
  void theParentsObjectsComeFromItsSnapshotOnceTheNodeHasCollectedThem() {
    DataDir node = TestChains.generate(dir.resolve("node"), 30, "full:1", 9, 40);
    SnapshotExporter.Result base = export(node, dir.resolve("base"), Optional.empty());
    IncrementalChainTest.bake(node, 40);
    ContextHash parentContext;
    try (BlockReader store = BlockReader.open(node)) {
      int b0 = base.metadata().level();
      parentContext = store.canonicalBlock(b0 - 1, Fetch.BLOCK).orElseThrow().header()
          .context();
    }
    try (LmdbContext context = LmdbContext.open(node.contextDir())) {
      assertThat(context.contains(parentContext)).as("collected by the node").isFalse();
    }
    SnapshotExporter.Result incremental = export(node, dir.resolve("inc"),
        Optional.of(base.manifest()));
    assertThat(incremental.metadata().incremental()).isPresent();
    SnapshotExporter.Result direct = export(node, dir.resolve("direct"), Optional.empty());

    DataDir viaChain = DataDir.at(dir.resolve("via-chain"));
    ChainImport.run(new SnapshotImporter.Request(viaChain, incremental.manifest().toString(),
        Optional.empty(), true, false), List.of(), Progress.NONE);
    DataDir viaDirect = DataDir.at(dir.resolve("via-direct"));
    SnapshotImporter.run(new SnapshotImporter.Request(viaDirect, direct.path().toString(),
        Optional.empty(), true, false), Progress.NONE);
    assertThat(DataDirPicture.of(viaChain)).isEqualTo(DataDirPicture.of(viaDirect));
    assertThat(ManifestFiles.manifestOf(dir.resolve("inc"))).exists();
  }

  private static SnapshotExporter.Result export(DataDir node, Path destination,
      Optional<Path> parent) {
    return SnapshotExporter.export(new SnapshotExporter.Request(node, BlockId.DEFAULT, false,
        ExportFormat.TAR, true, Optional.of(destination), OptionalLong.empty(), "test",
        Optional.empty(), parent), Progress.NONE);
  }
}
