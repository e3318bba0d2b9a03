package dev.cairn.snapshot.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.rollup.L2Level;
import dev.cairn.rollup.RollupStore;
import dev.cairn.snapshot.rollup.RollupSnapshotExporter.Compression;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.chain.ChainWriter;
import dev.cairn.validator.chain.GcPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full and compact snapshots of one rollup node (DESIGN §17, the part 5): both import to
 * the node's L2 chain, level for level (the compact one from its base), with the same state hash
 * at every level; a node continued from either import follows L1 and agrees with every
 * commitment it publishes, and with the node that was never exported.
 */
class RollupSnapshotRoundTripTest {

  @TempDir
  static Path dir;
  static DataDir l1;
  static RollupDataDir source;
  static RollupAddress rollup;
  static Path full;
  static Path compact;

  @BeforeAll
  static void exportBoth() {
    l1 = RollupSnapshots.l1(dir.resolve("l1"), 80);
    source = RollupDataDir.at(dir.resolve("source"));
    rollup = first(l1);
    RollupSnapshots.run(source, l1, Optional.of(rollup), RollupConfig.Mode.ARCHIVE);
    full = RollupSnapshots.export(source, dir.resolve("full.zst"), false, Compression.ON_THE_FLY,
        true).path();
    compact = RollupSnapshots.export(source, dir.resolve("compact.zst"), true,
        Compression.ON_THE_FLY, true).path();
  }

  private static RollupAddress first(DataDir l1) {
    try (var store = dev.cairn.store.BlockReader.open(l1);
        var context = dev.cairn.context.lmdb.LmdbContext.openReadOnly(l1.contextDir(), dir)) {
      var head = store.block(store.markers().head().hash(), dev.cairn.store.Fetch.BLOCK)
          .orElseThrow();
      return new dev.cairn.validator.rollup.RollupLedger(context.checkout(
          head.header().context())).rollups().get(0);
    }
  }

  @Test
  void fullAndCompactImportsHoldTheNodesChainAndStatesLevelForLevel() {
    RollupDataDir fromFull = RollupDataDir.at(dir.resolve("from-full"));
    RollupDataDir fromCompact = RollupDataDir.at(dir.resolve("from-compact"));
    RollupSnapshotImporter.Result a = RollupSnapshots.importInto(full, fromFull, Optional.of(l1),
        true, false);
    RollupSnapshotImporter.Result b = RollupSnapshots.importInto(compact, fromCompact,
        Optional.of(l1), true, false);
    assertThat(a.config().historyMode()).isEqualTo(RollupConfig.Mode.ARCHIVE);
    assertThat(b.config().historyMode()).isEqualTo(RollupConfig.Mode.FULL);
    assertThat(b.replayed()).isEqualTo(b.metadata().headLevel() - b.metadata().baseLevel())
        .isPositive();
    List<String> faults = new ArrayList<>();
    try (RollupStore node = RollupStore.openReader(source);
        RollupStore x = RollupStore.openReader(fromFull);
        RollupStore y = RollupStore.openReader(fromCompact)) {
      assertThat(x.firstLevel()).isEqualTo(node.firstLevel());
      assertThat(y.firstLevel()).isEqualTo(b.metadata().baseLevel()).isGreaterThan(3);
      for (int level = node.firstLevel(); level <= node.head().block().level(); level++) {
        L2Level original = node.level(level).orElseThrow();
        compare(faults, "full", level, original, x.level(level).orElseThrow());
        var state = RollupStore.asContext(original.block().state());
        if (!x.context().contains(state)) {
          faults.add("full: no state at level " + level);
        }
        if (level >= y.firstLevel()) {
          compare(faults, "compact", level, original, y.level(level).orElseThrow());
          if (!y.context().contains(state)) {
            faults.add("compact: the state of level " + level + " was not rebuilt");
          }
        }
      }
    }
    assertThat(faults).isEmpty();
  }

  @Test
  void nodesContinuedFromEitherImportFollowL1AndAgreeWithTheOriginal() throws IOException {
    Path copy = dir.resolve("l1-continued");
    copyTree(l1.root(), copy);
    DataDir later = DataDir.at(copy);
    try (ChainWriter writer = ChainWriter.open(later, ChainWriter.Durability.AT_CLOSE,
        GcPolicy.AMORTIZED)) {
      TestnetBaker baker = new TestnetBaker(writer, 2, 0);
      for (int i = 0; i < 24; i++) {
        baker.bakeNext();
      }
    }
    RollupDataDir original = RollupDataDir.at(dir.resolve("original-continued"));
    copyTree(source.root(), original.root());
    RollupDataDir fromFull = RollupDataDir.at(dir.resolve("continued-full"));
    RollupDataDir fromCompact = RollupDataDir.at(dir.resolve("continued-compact"));
    RollupSnapshots.importInto(full, fromFull, Optional.empty(), true, false);
    RollupSnapshots.importInto(compact, fromCompact, Optional.empty(), true, false);
    var expected = RollupSnapshots.run(original, later, Optional.empty(),
        RollupConfig.Mode.ARCHIVE);
    var x = RollupSnapshots.run(fromFull, later, Optional.empty(), RollupConfig.Mode.ARCHIVE);
    var y = RollupSnapshots.run(fromCompact, later, Optional.empty(), RollupConfig.Mode.FULL);
    assertThat(expected.levels()).isEqualTo(24);
    assertThat(x.head().block()).isEqualTo(expected.head().block());
    assertThat(y.head().block()).isEqualTo(expected.head().block());
    assertThat(y.cemented()).isEqualTo(expected.cemented()).isPresent();
    assertThat(y.cemented().get().inboxLevel())
        .isGreaterThan(RollupSnapshots.read(compact).metadata().headLevel() - 8);
  }

  @Test
  void everyCompressionGivesTheSameSnapshotAndOnTheFlyAndAfterTheSameBytes() throws IOException {
    Path after = RollupSnapshots.export(source, dir.resolve("after.zst"), false,
        Compression.AFTER, false).path();
    Path plain = RollupSnapshots.export(source, dir.resolve("plain.tar"), false, Compression.NO,
        false).path();
    assertThat(Files.readAllBytes(after)).isEqualTo(Files.readAllBytes(full));
    assertThat(Files.size(plain)).isGreaterThan(Files.size(full));
    RollupSnapshots.Parts zstd = RollupSnapshots.read(full);
    RollupSnapshots.Parts tar = RollupSnapshots.read(plain);
    assertThat(tar.metadata()).isEqualTo(zstd.metadata());
    assertThat(tar.context()).isEqualTo(zstd.context());
    assertThat(RollupSnapshotInfo.read(plain.toString(), dev.cairn.snapshot.format.TrustPolicy
        .NONE, dev.cairn.snapshot.remote.RemoteOptions.DEFAULTS).layout().toString())
        .isEqualTo("tar");
    assertThat(RollupSnapshotInfo.read(full.toString(), dev.cairn.snapshot.format.TrustPolicy
        .NONE, dev.cairn.snapshot.remote.RemoteOptions.DEFAULTS).layout().toString())
        .isEqualTo("tar+zstd");
  }

  @Test
  void aCompactSnapshotIsSmallerAndCarriesOneState() throws IOException {
    RollupSnapshots.Parts f = RollupSnapshots.read(full);
    RollupSnapshots.Parts c = RollupSnapshots.read(compact);
    assertThat(c.metadata().contextCommits()).isEqualTo(1);
    assertThat(f.metadata().contextCommits()).isGreaterThan(50);
    assertThat(Files.size(compact)).isLessThan(Files.size(full));
    assertThat(c.levels().get(0).block().level()).isEqualTo(c.metadata().lastCemented()
        .orElseThrow().inboxLevel());
  }

  private static void compare(List<String> faults, String which, int level, L2Level expected,
      L2Level actual) {
    if (!expected.block().equals(actual.block())
        || !expected.commitment().equals(actual.commitment())
        || expected.messages().size() != actual.messages().size()) {
      faults.add(which + ": level " + level + " differs");
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().equals("lock")) {
          Files.copy(path, target);
        }
      }
    }
  }
}
