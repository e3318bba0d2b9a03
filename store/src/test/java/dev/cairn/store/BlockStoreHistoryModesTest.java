package dev.cairn.store;

import static dev.cairn.store.ChainDriver.BLOCKS_PER_CYCLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.block.Block;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.DataDir;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several thousand blocks with side branches in each history mode. After every cycle: every marker,
 * and every block's presence or absence, against a model written from DESIGN section 4. At the end:
 * the store checks clean, and reopening it gives the same state.
 */
class BlockStoreHistoryModesTest {

  private static final int BLOCKS = 2400;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"archive", "full:0", "full:1", "rolling:0", "rolling:1"})
  void markersAndBlocksFollowTheHistoryMode(String modeText, @TempDir Path dir) {
    HistoryMode mode = HistoryMode.parse(modeText);
    Markers before;
    try (ChainDriver driver = ChainDriver.create(dir, mode, 42)) {
      for (int level = 1; level <= BLOCKS; level++) {
        driver.advance();
        if (level % BLOCKS_PER_CYCLE == 2) { // the checkpoint just reached a cycle's end
          assertModel(driver, mode);
        }
        if (level % 200 == 90) { // side branches cross this cycle's cementing
          assertThat(driver.store.check()).as("%s at head %d", mode, level).isEmpty();
        }
      }
      assertModel(driver, mode);
      assertEveryCanonicalBlock(driver, mode);
      assertThat(driver.store.check()).isEmpty();
      before = driver.store.markers();
    }
    try (BlockWriter reopened = BlockWriter.open(DataDir.at(dir))) {
      assertThat(reopened.markers()).isEqualTo(before);
      assertThat(reopened.check()).isEmpty();
      assertThat(reopened.canonicalBlock(before.head().level()).map(Block::hash))
          .contains(before.head().hash());
    }
  }

  /** What DESIGN section 4 says the markers are, with blocks_preservation_cycles 1. */
  private static void assertModel(ChainDriver driver, HistoryMode mode) {
    BlockView store = driver.store;
    int head = driver.head().level();
    int checkpoint = Math.max(0, head - 2);
    int cementedHighest = checkpoint / BLOCKS_PER_CYCLE * BLOCKS_PER_CYCLE;
    int lastCementedCycle = cementedHighest / BLOCKS_PER_CYCLE - 1;
    int retained = 1 + mode.offset();
    int oldestRetained = lastCementedCycle - retained + 1;
    int savepoint = mode.kind() == HistoryMode.Kind.ARCHIVE || oldestRetained <= 0
        ? 0 : oldestRetained * BLOCKS_PER_CYCLE + 1;
    int caboose = 0;
    if (mode.kind() == HistoryMode.Kind.ROLLING && savepoint > 0) {
      int lowestNeeded = savepoint - ChainDriver.MAX_OPERATIONS_TTL;
      caboose = lowestNeeded < 1 ? 0 : (lowestNeeded - 1) / BLOCKS_PER_CYCLE * BLOCKS_PER_CYCLE + 1;
    }
    String at = mode + " at head " + head;
    Markers markers = store.markers();
    assertThat(markers.head().hash()).as(at).isEqualTo(driver.head().hash());
    assertThat(markers.checkpoint().level()).as(at).isEqualTo(checkpoint);
    assertThat(markers.checkpoint().hash()).as(at).isEqualTo(driver.canonical.get(checkpoint).hash());
    assertThat(store.cementedHighestLevel()).as(at).isEqualTo(cementedHighest);
    assertThat(markers.savepoint().level()).as(at).isEqualTo(savepoint);
    assertThat(markers.savepoint().hash()).as(at).isEqualTo(driver.canonical.get(savepoint).hash());
    assertThat(markers.caboose().level()).as(at).isEqualTo(caboose);
    assertThat(markers.caboose().hash()).as(at).isEqualTo(driver.canonical.get(caboose).hash());

    for (Block block : driver.canonical) {
      boolean stored = block.level() == 0 || block.level() >= caboose;
      assertThat(store.contains(block.hash())).as("%s: level %d", at, block.level())
          .isEqualTo(stored);
    }
    for (ChainDriver.SideBlock side : driver.sideBlocks) {
      // Kept while it can still become canonical: forked at or above the last cemented block.
      assertThat(store.contains(side.block().hash()))
          .as("%s: side block at %d forked at %d", at, side.block().level(), side.forkLevel())
          .isEqualTo(side.forkLevel() >= cementedHighest);
    }
    if (savepoint > 1 && savepoint - 1 >= caboose) { // the block just below keeps no metadata
      assertThat(store.canonicalBlock(savepoint - 1).orElseThrow().metadata()).as(at).isEmpty();
    }
    assertThat(store.canonicalBlock(Math.max(1, savepoint)).flatMap(Block::metadata)).as(at)
        .isPresent();
  }

  private static void assertEveryCanonicalBlock(ChainDriver driver, HistoryMode mode) {
    BlockView store = driver.store;
    Markers markers = store.markers();
    for (Block expected : driver.canonical) {
      Optional<Block> found = store.canonicalBlock(expected.level());
      if (expected.level() > 0 && expected.level() < markers.caboose().level()) {
        assertThat(found).as("level %d", expected.level()).isEmpty();
        assertThat(store.block(expected.hash())).isEmpty();
        continue;
      }
      boolean keepsMetadata = mode.kind() == HistoryMode.Kind.ARCHIVE
          || expected.level() >= markers.savepoint().level();
      Block wanted = keepsMetadata ? expected : expected.withoutMetadata();
      assertThat(found).as("level %d", expected.level()).contains(wanted);
      assertThat(store.block(expected.hash())).contains(wanted);
    }
    assertThat(store.headAncestor(5).map(Block::hash))
        .contains(driver.canonical.get(markers.head().level() - 5).hash());
    int cycle = store.config().cycleOf(markers.head().level() - 20);
    assertThat(store.cycle(cycle, Fetch.BLOCK).map(b -> b.metadata().isPresent()).toList())
        .containsOnly(false);
    assertThat(store.canonicalBlock(markers.head().level(), Fetch.BLOCK).orElseThrow())
        .isEqualTo(driver.head().withoutMetadata());
    assertThat(store.block(driver.head().hash(), Fetch.BLOCK_AND_METADATA).orElseThrow())
        .isEqualTo(driver.head());
    assertThat(store.cycle(cycle, Fetch.BLOCK_AND_METADATA).map(Block::level).toList())
        .containsExactly(cycle * 8 + 1, cycle * 8 + 2, cycle * 8 + 3, cycle * 8 + 4, cycle * 8 + 5,
            cycle * 8 + 6, cycle * 8 + 7, cycle * 8 + 8);
  }
}
