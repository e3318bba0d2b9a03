package dev.cairn.rollup;

import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.InboxHash;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.rollup.RollupInbox;
import dev.cairn.validator.rollup.arith.ArithPvm;
import java.util.List;
import java.util.Optional;

/**
 * One L1 level's step of the L2 chain: the inbox chain extended by the level's messages, the
 * messages run through the PVM, the L2 block made, and at a commitment level the commitment. The
 * rollup node makes its levels with it from L1, and an import replays a snapshot's with it: one
 * code path makes every state.
 */
public final class L2Transition {

  /** The last commitment made and the total ticks at its inbox level. */
  public record LastCommitment(Commitment commitment, long ticks) {}

  private L2Transition() {}

  /** The first level: the origination's, its state the booted machine's. */
  public static L2Level genesis(RollupConfig config, BlockHash l1Block, long timestamp,
      ArithPvm booted) {
    L2Block block = new L2Block(config.originationLevel(), l1Block, timestamp,
        L2Block.NO_PREDECESSOR,
        RollupInbox.start(config.rollup(), config.originationLevel()), booted.stateHash(), 0, 0);
    return new L2Level(block, List.of(), Optional.of(Commitment.genesis(block.state(),
        block.level())));
  }

  /**
   * The level after {@code previous}: {@code messages} (from L1 block {@code l1Block}) run on
   * {@code pvm} (from L1 block {@code l1Block} made at {@code timestamp}), which holds {@code previous}'s state and holds the new one afterwards
   * (uncommitted: its hash is the new block's state).
   */
  public static L2Level next(RollupConfig config, ArithPvm pvm, L2Block previous,
      LastCommitment last, BlockHash l1Block, long timestamp, List<byte[]> messages) {
    int level = previous.level() + 1;
    InboxHash inbox = previous.inbox();
    for (int i = 0; i < messages.size(); i++) {
      inbox = RollupInbox.next(inbox, level, i, messages.get(i));
    }
    pvm.runLevel(level, messages);
    long ticks = pvm.tick();
    L2Block block = new L2Block(level, l1Block, timestamp, previous.hash(), inbox,
        pvm.stateHash(), ticks, messages.size());
    Optional<Commitment> commitment = Optional.empty();
    if (isCommitmentLevel(config, level)) {
      commitment = Optional.of(new Commitment(block.state(), level, last.commitment().hash(),
          ticks - last.ticks()));
    }
    return new L2Level(block, messages, commitment);
  }

  /** Whether a commitment is made at {@code level}: the origination's plus the period's multiples. */
  public static boolean isCommitmentLevel(RollupConfig config, int level) {
    return level >= config.originationLevel()
        && (level - config.originationLevel()) % config.commitmentPeriod() == 0;
  }
}
