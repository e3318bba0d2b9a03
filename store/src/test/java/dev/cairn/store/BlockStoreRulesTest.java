package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store refuses, and how the canonical chain follows the head. */
class BlockStoreRulesTest {

  @Test
  void aBlockWhosePredecessorIsNotStoredIsRefused(@TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.ARCHIVE, 1)) {
      Block orphan = driver.chain.next(driver.chain.next(driver.head()));
      assertRefused(() -> driver.store.store(orphan), "Invalid_block", "predecessor");
    }
  }

  @Test
  void aBlockAtOrBelowTheCheckpointIsRefused(@TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.ARCHIVE, 1)) {
      driver.advance(10);
      Block late = driver.chain.child(driver.canonical.get(7), 2); // level 8 = the checkpoint
      assertRefused(() -> driver.store.store(late), "Invalid_block", "checkpoint");
    }
  }

  @Test
  void aBlockWhoseHashIsNotItsHeadersIsRefused(@TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.ARCHIVE, 1)) {
      Block next = driver.chain.next(driver.head());
      Block forged = new Block(BlockHash.of(new byte[32]), next.header(), next.operations(),
          next.metadata());
      assertRefused(() -> driver.store.store(forged), "Invalid_block", "hash");
    }
  }

  @Test
  void aLevelThatDoesNotFollowThePredecessorIsRefused(@TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.ARCHIVE, 1)) {
      driver.advance(3);
      BlockHeader good = driver.chain.next(driver.head()).header();
      BlockHeader skipped = new BlockHeader(good.level() + 1, good.proto(), good.predecessor(),
          good.timestamp(), good.validationPass(), good.operationsHash(), good.fitness(),
          good.context(), good.protocolData());
      Block block = Block.of(skipped, driver.chain.next(driver.head()).operations(),
          Optional.empty());
      assertRefused(() -> driver.store.store(block), "Invalid_block", "does not follow");
    }
  }

  @Test
  void anUnknownHeadIsRefused(@TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.ARCHIVE, 1)) {
      assertRefused(() -> driver.store.setHead(BlockHash.of(new byte[32])), "Unknown_block", "");
    }
  }

  @Test
  void movingTheHeadToASideBranchReplacesTheCanonicalBlocksAboveTheFork(@TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.full(1), 1)) {
      driver.advance(20);
      Block forkPoint = driver.canonical.get(18); // the checkpoint
      Block side19 = driver.chain.child(forkPoint, 3);
      Block side20 = driver.chain.next(side19);
      Block side21 = driver.chain.next(side20);
      for (Block block : new Block[] {side19, side20, side21}) {
        driver.store.store(block);
      }
      driver.store.setHead(side21.hash());
      assertThat(driver.store.canonicalBlock(19).map(Block::hash)).contains(side19.hash());
      assertThat(driver.store.canonicalBlock(20).map(Block::hash)).contains(side20.hash());
      assertThat(driver.store.markers().checkpoint().level()).isEqualTo(19);
      assertThat(driver.store.contains(driver.canonical.get(20).hash())).isTrue();
      assertThat(driver.store.check()).isEmpty();

      // The old branch forked below the new checkpoint (19): it can no longer become the head.
      assertRefused(() -> driver.store.setHead(driver.canonical.get(20).hash()), "Invalid_block",
          "checkpoint");
    }
  }

  @Test
  void aSideBranchThatForkedBelowACementedCycleIsDroppedWhole(@TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.full(1), 1)) {
      driver.advance(87); // checkpoint 85
      Block fork88 = driver.chain.child(driver.head(), 5);
      Block fork89 = driver.chain.next(fork88);
      driver.store.store(fork88);
      driver.store.store(fork89);
      driver.advance(3); // head 90, checkpoint 88: cycle [81, 88] is cemented

      assertThat(driver.store.cementedHighestLevel()).isEqualTo(88);
      assertThat(driver.store.contains(fork88.hash())).isFalse();
      assertThat(driver.store.contains(fork89.hash())).isFalse(); // above 88, but forked below it
      assertThat(driver.store.check()).isEmpty();
      assertRefused(() -> driver.store.store(driver.chain.next(fork89)), "Invalid_block",
          "predecessor");
      driver.advance(2); // and the writer carries on
      assertThat(driver.store.check()).isEmpty();
    }
  }

  @Test
  void aTailOfZerosInTheFloatingLogIsCutOffOnOpen(@TempDir Path dir) throws IOException {
    DataDir dataDir = DataDir.at(dir);
    Path log;
    long sound;
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.rolling(0), 1)) {
      driver.advance(21);
      log = dataDir.floatingLog(0);
      try (var logs = Files.list(dataDir.floatingDir())) {
        log = logs.findFirst().orElseThrow();
      }
      sound = Files.size(log);
    }
    // What a power loss can leave after unsynced appends: the file longer, the new bytes zeros.
    Files.write(log, new byte[45], StandardOpenOption.APPEND);
    try (BlockWriter store = BlockWriter.open(dataDir)) {
      assertThat(store.markers().head().level()).isEqualTo(21);
      assertThat(store.check()).isEmpty();
    }
    assertThat(Files.size(log)).isEqualTo(sound);
  }

  @Test
  void theProtocolLevelsTableIsKeptAcrossReopen(@TempDir Path dir) {
    ProtocolLevels levels = ProtocolLevels.EMPTY
        .with(new ProtocolLevel(0, ProtocolHash.of(new byte[32]), BlockHash.of(new byte[32]), 0))
        .with(new ProtocolLevel(1, ProtocolHash.of(filled(7)), BlockHash.of(filled(9)), 5));
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.ARCHIVE, 1)) {
      driver.store.setProtocolLevels(levels);
    }
    try (BlockWriter store = BlockWriter.open(DataDir.at(dir))) {
      assertThat(store.protocolLevels()).isEqualTo(levels);
      assertThat(store.protocolLevels().at(1).map(ProtocolLevel::activationLevel)).contains(5);
    }
  }

  @Test
  void creatingAStoreWhereOneExistsIsRefused(@TempDir Path dir) {
    ChainDriver.create(dir, HistoryMode.ARCHIVE, 1).close();
    assertRefused(() -> ChainDriver.create(dir, HistoryMode.ARCHIVE, 1), "Invalid_data_dir",
        "already holds a store");
  }

  @Test
  void aWriteThatFailsMidwayStopsFurtherWritesAndReopeningRecovers(@TempDir Path dir)
      throws IOException {
    DataDir dataDir = DataDir.at(dir);
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.full(1), 1)) {
      driver.advance(9); // checkpoint 7: the next head cements cycle 0
      Files.delete(dataDir.cementedMetadataDir());
      Files.writeString(dataDir.cementedMetadataDir(), "not a directory");
      assertRefused(driver::advance, "Store_io_failure", "metadata");
      assertRefused(() -> driver.store.store(driver.chain.next(driver.head())),
          "Store_write_failed", "reopen");
    }
    Files.delete(dataDir.cementedMetadataDir());
    try (BlockWriter store = BlockWriter.open(dataDir)) {
      assertThat(store.markers().head().level()).isEqualTo(9);
      assertThat(store.cementedHighestLevel()).isZero();
      assertThat(store.check()).isEmpty();
    }
  }

  private static byte[] filled(int value) {
    byte[] out = new byte[32];
    Arrays.fill(out, (byte) value);
    return out;
  }

  private static void assertRefused(Runnable action, String name, String detail) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo(name);
      assertThat(e.getMessage()).contains(detail);
    });
  }
}
