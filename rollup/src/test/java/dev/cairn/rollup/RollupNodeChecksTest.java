package dev.cairn.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.fixtures.BlockForge;
import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.store.hash.RollupStateHash;
import dev.cairn.validator.BlockValidator.Predecessor;
import dev.cairn.validator.chain.ChainWriter;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.crypto.TestnetKey;
import dev.cairn.validator.ledger.Ledger;
import dev.cairn.validator.operation.ManagerOperation;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.rollup.RollupLedger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rollup node refuses to follow: an L1 whose stakers published a commitment its own
 * state does not give. Without refutation games L1 accepts it; the node stops on it, naming the
 * inbox level, and what it made before stays.
 */
class RollupNodeChecksTest {

  @TempDir
  Path dir;

  @Test
  void aWrongCommitmentOnL1StopsTheNodeAtItsInboxLevel() {
    DataDir l1 = RollupFixtures.l1(dir.resolve("l1"), 43);
    RollupAddress rollup;
    int wrongLevel;
    try (ChainWriter writer = ChainWriter.open(l1, ChainWriter.Durability.EACH_BLOCK,
        GcPolicy.EVERY_CEMENTING)) {
      BlockForge forge = new BlockForge(writer);
      Predecessor head = forge.on(writer.store().markers().head().hash());
      Ledger state = new Ledger(writer.context().checkout(head.block().header().context()));
      RollupLedger ledger = new RollupLedger(state.tree());
      rollup = ledger.rollups().get(0);
      RollupLedger.CommitmentRef newest = ledger.newest(rollup);
      wrongLevel = newest.inboxLevel() + 4;
      TestnetKey staker = forge.account(1);
      long counter = state.account(staker.publicKeyHash()).orElseThrow().counter() + 1;
      Commitment wrong = new Commitment(RollupStateHash.of(new byte[32]), wrongLevel,
          newest.hash(), 1);
      writer.apply(forge.valid(head, List.of(BlockForge.sign(head.block().hash(),
          new ManagerOperation.RollupPublish(staker.publicKeyHash(), 500, counter, rollup, wrong),
          staker))));
      TestnetBaker baker = new TestnetBaker(writer, 2, 0);
      for (int i = 0; i < 10; i++) {
        baker.bakeNext();
      }
    }
    RollupDataDir rollupDir = RollupDataDir.at(dir.resolve("r"));
    RollupAddress followed = rollup;
    int level = wrongLevel;
    assertThatThrownBy(() -> RollupFixtures.run(rollupDir, l1, followed,
        RollupConfig.Mode.FULL, 0))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error()).isInstanceOf(RollupError.CommitmentMismatch.class);
          assertThat(((RollupError.CommitmentMismatch) e.error()).inboxLevel()).isEqualTo(level);
          assertThat(e.error().name()).isEqualTo("Inconsistent_commitment");
        });
    try (RollupStore store = RollupStore.openReader(rollupDir)) {
      assertThat(store.head().block().level()).isGreaterThanOrEqualTo(level);
      assertThat(store.cemented().map(RollupLedger.CommitmentRef::inboxLevel).orElse(0))
          .isLessThan(level);
    }
  }
}
