package dev.cairn.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.error.CairnException;
import dev.cairn.store.BlockReader;
import dev.cairn.store.Fetch;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.rollup.RollupLedger;
import dev.cairn.validator.rollup.RollupSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollup node on a generated L1: it catches up to L1's checkpoint, agrees with every
 * commitment L1's stakers published and with the last cemented one, resumes where it stopped, and
 * refuses what it must.
 */
class RollupNodeTest {

  @TempDir
  static Path shared;
  static DataDir l1;
  static List<RollupSummary> rollups;
  static int finalLevel;

  @TempDir
  Path dir;

  @BeforeAll
  static void generate() {
    l1 = RollupFixtures.l1(shared.resolve("l1"), 120);
    try (BlockReader store = BlockReader.open(l1);
        LmdbContext context = LmdbContext.openReadOnly(l1.contextDir(), shared)) {
      Block head = store.block(store.markers().head().hash(), Fetch.BLOCK).orElseThrow();
      rollups = RollupSummary.of(context.checkout(head.header().context()));
      finalLevel = store.markers().checkpoint().level();
    }
  }

  @Test
  void catchesUpToTheCheckpointAndAgreesWithEveryCommitmentL1Holds() {
    RollupAddress rollup = rollups.get(0).address();
    RollupDataDir rollupDir = RollupDataDir.at(dir.resolve("r"));
    RollupNode.Result result = RollupFixtures.run(rollupDir, l1, rollup,
        RollupConfig.Mode.ARCHIVE, 0);
    assertThat(result.head().block().level()).isEqualTo(finalLevel);
    assertThat(result.levels()).isEqualTo(finalLevel - 3);
    assertThat(result.cemented()).hasValue(rollups.get(0).lastCemented());
    List<String> faults = new ArrayList<>();
    try (RollupStore store = RollupStore.openReader(rollupDir);
        LmdbContext context = LmdbContext.openReadOnly(l1.contextDir(), dir);
        BlockReader blocks = BlockReader.open(l1)) {
      Block head = blocks.block(blocks.markers().head().hash(), Fetch.BLOCK).orElseThrow();
      RollupLedger ledger = new RollupLedger(context.checkout(head.header().context()));
      for (int level = 3; level <= Math.min(finalLevel, rollups.get(0).newest().inboxLevel());
          level += 4) {
        var ours = store.level(level).orElseThrow().commitment();
        var theirs = ledger.commitmentAt(rollup, level).map(RollupLedger.Published::commitment);
        if (ours.isEmpty() || !ours.equals(theirs)) {
          faults.add("inbox level " + level + ": ours " + ours + ", L1's " + theirs);
        }
      }
      for (int level = 4; level <= finalLevel; level++) {
        L2Level ours = store.level(level).orElseThrow();
        if (!ours.block().l1Block().equals(blocks.canonicalBlock(level, Fetch.BLOCK)
            .orElseThrow().hash())) {
          faults.add("level " + level + " ran another L1 block");
        }
        if (!ours.block().predecessor().equals(store.level(level - 1).orElseThrow().block()
            .hash())) {
          faults.add("level " + level + " does not link to its predecessor");
        }
      }
    }
    assertThat(faults).isEmpty();
  }

  @Test
  void levelsInStepsGiveTheSameChainAsOneRunAndResume() {
    RollupAddress rollup = rollups.get(1).address();
    RollupDataDir once = RollupDataDir.at(dir.resolve("once"));
    RollupDataDir steps = RollupDataDir.at(dir.resolve("steps"));
    RollupFixtures.run(once, l1, rollup, RollupConfig.Mode.FULL, 0);
    int made = 0;
    for (int step : new int[] {1, 7, 30}) {
      made += RollupFixtures.run(steps, l1, rollup, RollupConfig.Mode.FULL, step).levels();
    }
    assertThat(made).isEqualTo(38);
    made += RollupFixtures.run(steps, l1, rollup, RollupConfig.Mode.FULL, 0).levels();
    assertThat(made).isEqualTo(finalLevel - 3);
    try (RollupStore a = RollupStore.openReader(once);
        RollupStore b = RollupStore.openReader(steps)) {
      assertThat(b.head()).usingRecursiveComparison().isEqualTo(a.head());
      assertThat(b.head().block().hash()).isEqualTo(a.head().block().hash());
    }
    assertThat(RollupFixtures.run(steps, l1, rollup, RollupConfig.Mode.FULL, 0).levels())
        .isZero();
  }

  @Test
  void fullModeCollectsTheStatesBelowTheLastCementedAndArchiveKeepsThem() {
    RollupAddress rollup = rollups.get(0).address();
    RollupDataDir full = RollupDataDir.at(dir.resolve("full"));
    RollupDataDir archive = RollupDataDir.at(dir.resolve("archive"));
    RollupFixtures.run(full, l1, rollup, RollupConfig.Mode.FULL, 0);
    RollupFixtures.run(archive, l1, rollup, RollupConfig.Mode.ARCHIVE, 0);
    int cemented = rollups.get(0).lastCemented().inboxLevel();
    try (RollupStore f = RollupStore.openReader(full);
        RollupStore a = RollupStore.openReader(archive)) {
      for (int level = 4; level <= finalLevel; level++) {
        var state = RollupStore.asContext(f.level(level).orElseThrow().block().state());
        assertThat(a.context().contains(state)).as("archive, level %d", level).isTrue();
        if (level >= cemented) {
          assertThat(f.context().contains(state)).as("full, level %d", level).isTrue();
        }
      }
      var early = RollupStore.asContext(f.level(10).orElseThrow().block().state());
      assertThat(f.context().contains(early)).as("full mode keeps an early state").isFalse();
    }
  }

  /**
   * From a review: a new directory is built whole beside its name and renamed; what a killed
   * creation left beside it is cleared, and a directory of other files is refused, typed.
   */
  @Test
  void aDirectoryIsCreatedWholeAndWhatAKilledCreationLeftIsCleared() throws Exception {
    RollupDataDir target = RollupDataDir.at(dir.resolve("created"));
    dev.cairn.store.datadir.OwnedDirectory left = dev.cairn.store.datadir.OwnedDirectory
        .create(target.creationStagingDir());
    java.nio.file.Files.createDirectories(target.creationStagingDir().resolve("l2"));
    left.abandon(); // as a killed process leaves it: owner file there, its lock gone
    RollupFixtures.run(target, l1, rollups.get(0).address(), RollupConfig.Mode.FULL, 3);
    assertThat(target.exists()).isTrue();
    assertThat(target.creationStagingDir()).doesNotExist();
    RollupDataDir cluttered = RollupDataDir.at(java.nio.file.Files.createDirectories(
        dir.resolve("cluttered")));
    java.nio.file.Files.writeString(cluttered.root().resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> RollupFixtures.run(cluttered, l1, rollups.get(0).address(),
        RollupConfig.Mode.FULL, 3))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Directory_already_exists"));
    assertThat(cluttered.root().resolve("notes.txt")).exists();
  }

  @Test
  void refusesAnotherRollupOrAnUnknownOne() {
    RollupDataDir rollupDir = RollupDataDir.at(dir.resolve("r"));
    RollupFixtures.run(rollupDir, l1, rollups.get(0).address(), RollupConfig.Mode.FULL, 5);
    assertThatThrownBy(() -> RollupFixtures.run(rollupDir, l1, rollups.get(1).address(),
        RollupConfig.Mode.FULL, 5))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Rollup_mismatch"));
    assertThatThrownBy(() -> RollupFixtures.run(RollupDataDir.at(dir.resolve("other")), l1,
        RollupAddress.of(new byte[20]), RollupConfig.Mode.FULL, 5))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Sc_rollup_does_not_exist"));
    assertThat(dir.resolve("other")).doesNotExist();
  }
}
