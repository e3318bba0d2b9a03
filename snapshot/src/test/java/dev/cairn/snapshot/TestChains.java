package dev.cairn.snapshot;

import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.progress.Progress;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.ledger.TestnetParameters;
import java.nio.file.Path;

/** Small generated chains for the snapshot tests: 8 blocks a cycle, max_operations_ttl 8. */
final class TestChains {

  static final String CHAIN = "CAIRN_TESTNET";

  private TestChains() {}

  /** A chain with its head at {@code blocks}, in {@code mode}, under {@code root}. */
  static DataDir generate(Path root, int blocks, String mode) {
    return generate(root, blocks, mode, 1);
  }

  static DataDir generate(Path root, int blocks, String mode, long seed) {
    return generate(root, blocks, mode, seed, 64);
  }

  /** With {@code accounts} bootstrap accounts: a larger context, a larger snapshot. */
  static DataDir generate(Path root, int blocks, String mode, long seed, int accounts) {
    FixtureSpec spec = new FixtureSpec(CHAIN, blocks, 8, 1, HistoryMode.parse(mode), 4, 6,
        new TestnetParameters(seed, accounts, 4, 8, FixtureSpec.defaultSwitchLevel(blocks),
            1_000_000_000L));
    return TestnetGenerator.generate(root, spec, GcPolicy.EVERY_CEMENTING,
        Progress.NONE).dataDir();
  }
}
