package dev.cairn.validator;

import dev.cairn.context.ContextTree;
import dev.cairn.error.CairnException;
import dev.cairn.store.hash.InboxHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.ledger.Ledger;
import dev.cairn.validator.operation.ManagerOperation;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.rollup.RollupInbox;
import dev.cairn.validator.rollup.RollupLedger;
import dev.cairn.validator.rollup.RollupRules;
import dev.cairn.validator.rollup.arith.ArithPvm;
import java.util.List;
import java.util.function.Supplier;

/**
 * The smart rollup operations' own rules and effects, once {@link OperationRun} has checked what
 * every manager operation must (source, key, signature, counter, fee) and before it debits the
 * fee. Each broken rule throws its {@link ValidationError}. There are no refutation games: a
 * commitment that follows the newest one at the right inbox level is accepted as it is.
 */
final class RollupRun {

  /** The arith kind, the only one. */
  static final int KIND_ARITH = 0;

  private final RollupLedger rollups;
  private final RollupRules rules;
  private final Supplier<ContextTree> emptyTrees;
  private final String block;
  private final int level;

  RollupRun(Ledger ledger, RollupRules rules, Supplier<ContextTree> emptyTrees, String block,
      int level) {
    this.rollups = new RollupLedger(ledger.tree());
    this.rules = rules;
    this.emptyTrees = emptyTrees;
    this.block = block;
    this.level = level;
  }

  /**
   * Checks {@code contents}'s own rules against the state before it applies; returns what it
   * freezes besides its fee (a first commitment's stake), to be debited with the fee.
   */
  long check(Object where, ManagerOperation contents, long balanceAfterFee) {
    if (contents instanceof ManagerOperation.RollupOriginate o) {
      if (o.kind() != KIND_ARITH) {
        throw fail(ValidationError.RollupInvalidKind::new, where + " originates kind " + o.kind());
      }
      if (o.bootSector().length > rules.maxBootSectorBytes()) {
        throw fail(ValidationError.RollupBootSectorTooLarge::new, where + " has a boot sector of "
            + o.bootSector().length + " bytes, at most " + rules.maxBootSectorBytes());
      }
      return 0;
    }
    if (contents instanceof ManagerOperation.RollupAddMessages m) {
      requireOriginatedBefore(where, m.rollup());
      List<byte[]> messages = m.messages();
      if (messages.isEmpty()) {
        throw fail(ValidationError.RollupAddZeroMessages::new, where + " for " + m.rollup());
      }
      if (messages.size() > rules.maxMessages()) {
        throw fail(ValidationError.RollupTooManyMessages::new, where + " adds "
            + messages.size() + " messages, at most " + rules.maxMessages());
      }
      for (int i = 0; i < messages.size(); i++) {
        if (messages.get(i).length > rules.maxMessageBytes()) {
          throw fail(ValidationError.RollupMessageTooLarge::new, where + ": message " + i
              + " has " + messages.get(i).length + " bytes, at most " + rules.maxMessageBytes());
        }
      }
      return 0;
    }
    if (contents instanceof ManagerOperation.RollupPublish p) {
      requireOriginated(where, p.rollup());
      RollupLedger.CommitmentRef newest = rollups.newest(p.rollup());
      Commitment commitment = p.commitment();
      if (!commitment.predecessor().equals(newest.hash())) {
        throw fail(ValidationError.RollupUnknownCommitment::new, where + " follows "
            + commitment.predecessor() + ", the newest commitment is " + newest.hash());
      }
      if (commitment.inboxLevel() != newest.inboxLevel() + rules.commitmentPeriod()
          || commitment.ticks() < 0) {
        throw fail(ValidationError.RollupBadInboxLevel::new, where + " commits to inbox level "
            + commitment.inboxLevel() + " with " + commitment.ticks() + " ticks; the next is "
            + (newest.inboxLevel() + rules.commitmentPeriod()));
      }
      if (commitment.inboxLevel() >= level) {
        throw fail(ValidationError.RollupCommitmentFromFuture::new, where
            + " commits to inbox level " + commitment.inboxLevel() + " in block level " + level);
      }
      boolean staked = rollups.stake(p.rollup(), p.source()).isPresent();
      if (!staked && balanceAfterFee < rules.stake()) {
        throw fail(ValidationError.RollupStakerFundsTooLow::new, where + ": " + p.source()
            + " has " + balanceAfterFee + " after the fee, the stake is " + rules.stake());
      }
      return staked ? 0 : rules.stake();
    }
    ManagerOperation.RollupCement c = (ManagerOperation.RollupCement) contents;
    requireOriginated(where, c.rollup());
    RollupLedger.CommitmentRef lcc = rollups.lastCemented(c.rollup());
    int next = lcc.inboxLevel() + rules.commitmentPeriod();
    RollupLedger.Published published = rollups.commitmentAt(c.rollup(), next)
        .filter(p -> p.commitment().hash().equals(c.commitment()))
        .orElseThrow(() -> fail(ValidationError.RollupUnknownCommitment::new, where
            + " cements " + c.commitment() + ", which is not the published successor (inbox level "
            + next + ") of the last cemented " + lcc.hash()));
    if (level < published.publishedAt() + rules.challengeWindow()) {
      throw fail(ValidationError.RollupCommitmentTooRecent::new, where + " cements a commitment "
          + "published at level " + published.publishedAt() + " before level "
          + (published.publishedAt() + rules.challengeWindow()));
    }
    return 0;
  }

  /** Applies {@code contents}, already checked. */
  void apply(ManagerOperation contents, long frozen) {
    if (contents instanceof ManagerOperation.RollupOriginate o) {
      RollupAddress address = RollupLedger.addressOf(o.source(), o.counter());
      byte[] boot = o.bootSector();
      Commitment genesis = Commitment.genesis(ArithPvm.boot(emptyTrees.get(), boot).stateHash(),
          level);
      rollups.originate(new RollupLedger.Rollup(address, o.kind(), boot, level), genesis,
          RollupInbox.start(address, level));
    } else if (contents instanceof ManagerOperation.RollupAddMessages m) {
      RollupLedger.InboxHead head = rollups.inbox(m.rollup());
      int index = head.level() == level ? head.messages() : 0;
      InboxHash hash = head.hash();
      for (byte[] message : m.messages()) {
        hash = RollupInbox.next(hash, level, index++, message);
      }
      rollups.setInbox(m.rollup(), new RollupLedger.InboxHead(level, index, hash));
      rollups.recordInboxLevel(m.rollup(), level, hash);
    } else if (contents instanceof ManagerOperation.RollupPublish p) {
      if (frozen > 0) {
        rollups.setStake(p.rollup(), p.source(), frozen);
      }
      rollups.putCommitment(p.rollup(), new RollupLedger.Published(p.commitment(), level,
          p.source()));
      rollups.setNewest(p.rollup(), new RollupLedger.CommitmentRef(p.commitment().hash(),
          p.commitment().inboxLevel()));
    } else if (contents instanceof ManagerOperation.RollupCement c) {
      rollups.setLastCemented(c.rollup(), new RollupLedger.CommitmentRef(c.commitment(),
          rollups.lastCemented(c.rollup()).inboxLevel() + rules.commitmentPeriod()));
    }
  }

  private void requireOriginated(Object where, RollupAddress rollup) {
    if (rollups.rollup(rollup).isEmpty()) {
      throw fail(ValidationError.RollupDoesNotExist::new, where + " names " + rollup);
    }
  }

  /** Messages start at the level after the origination, the genesis commitment's inbox level. */
  private void requireOriginatedBefore(Object where, RollupAddress rollup) {
    RollupLedger.Rollup found = rollups.rollup(rollup).orElseThrow(() ->
        fail(ValidationError.RollupDoesNotExist::new, where + " names " + rollup));
    if (found.originationLevel() >= level) {
      throw fail(ValidationError.RollupDoesNotExist::new, where + " sends messages to " + rollup
          + " in the block that originates it; its inbox opens at the next level");
    }
  }

  private CairnException fail(ValidationError.Rule rule, String found) {
    return rule.of(block, level, found).toException();
  }
}
