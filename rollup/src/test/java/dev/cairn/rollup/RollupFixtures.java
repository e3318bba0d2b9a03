package dev.cairn.rollup;

import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.progress.Progress;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.ledger.TestnetParameters;
import java.nio.file.Path;
import java.util.Optional;

/** Generated L1 testnets with rollups, and rollup nodes run on them, for the tests. */
final class RollupFixtures {

  private RollupFixtures() {}

  /** An L1 testnet of {@code blocks} blocks whose rollups (two) activate at level 3. */
  static DataDir l1(Path dir, int blocks) {
    FixtureSpec spec = new FixtureSpec("ROLLUP_NODE", blocks, 8, 1, HistoryMode.full(1), 2, 0,
        new TestnetParameters(11, 40, 4, 8, 2, 1_000_000_000L).withRollups(3, 2));
    return TestnetGenerator.generate(dir, spec, GcPolicy.AMORTIZED, Progress.NONE).dataDir();
  }

  static RollupNode.Result run(RollupDataDir dir, DataDir l1, RollupAddress rollup,
      RollupConfig.Mode mode, int levels) {
    return RollupNode.run(new RollupNode.Request(dir, l1, Optional.of(rollup), mode, levels,
        false, 1), RollupNode.Control.NONE, Progress.NONE);
  }
}
