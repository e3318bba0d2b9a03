package dev.cairn.rollup;

import dev.cairn.progress.Progress;
import dev.cairn.store.StoreError;
import java.nio.file.Files;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.rollup.RollupLedger;
import dev.cairn.validator.rollup.RollupMessages;
import dev.cairn.validator.rollup.RollupRules;
import dev.cairn.validator.rollup.RollupSummary;
import java.util.List;
import java.util.Optional;

/**
 * {@code cairn rollup run}: catches a rollup data directory up with an L1 data directory, level
 * by level (see the package), and with {@code follow} keeps following it.
 *
 * <p>Per level: the L1 block's messages to the rollup, the transition, the inbox hash checked
 * against the one L1 recorded for the level (a level without messages must have none recorded).
 * Per round: every commitment the node made that L1 has a commitment for at the same inbox level
 * is compared with it, and L1's last cemented commitment with the node's own at that level; in
 * full mode the states below it are then collected. Any disagreement stops the node with its
 * typed error. Levels are made durable in batches: a crash loses at most the last batch, which
 * the next run makes again.
 */
public final class RollupNode {

  /** How a run is asked to go. */
  public record Request(RollupDataDir dir, DataDir l1, Optional<RollupAddress> rollup,
      RollupConfig.Mode historyMode, int levels, boolean follow, long pollMillis) {}

  /** What a run did: the levels it made, the head it left, whether it was stopped. */
  public record Result(int levels, L2Level head, Optional<RollupLedger.CommitmentRef> cemented,
      RollupConfig config, boolean stopped) {}

  /** How a following node is stopped (a signal) and waits for L1 between rounds. */
  public interface Control {
    /** Whether the node has been asked to stop: it finishes its level and syncs. */
    boolean stopping();

    /** Waits up to {@code millis} or until asked to stop. */
    void pause(long millis) throws InterruptedException;

    /** A round made levels and synced them: {@code head} is durable, {@code levels} so far. */
    default void synced(L2Level head, int levels) {}

    /** Never stops, never waits: for a run that catches up and returns. */
    Control NONE = new Control() {
      @Override
      public boolean stopping() {
        return false;
      }

      @Override
      public void pause(long millis) {}
    };
  }

  private static final int SYNC_EVERY = 256;
  private static final int COLLECT_EVERY = 256;

  private RollupNode() {}

  /** Runs until caught up (or {@code levels} made), or until cancelled when following. */
  public static Result run(Request request, Control control, Progress progress) {
    try (L1View l1 = L1View.open(request.l1(), request.dir().root().getParent());
        RollupStore store = openOrCreate(request, l1)) {
      int made = 0;
      int lastCollected = store.cemented().map(RollupLedger.CommitmentRef::inboxLevel)
          .orElse(store.firstLevel());
      progress.phase("levels", -1);
      while (true) {
        int target = Math.min(l1.finalLevel(), request.levels() > 0
            ? store.head().block().level() + request.levels() - made : Integer.MAX_VALUE);
        RollupLedger ledger = l1.rollups();
        int madeBefore = made;
        while (store.head().block().level() < target && !control.stopping()) {
          int level = store.head().block().level() + 1;
          Block block = l1.block(level);
          L2Level next = store.advance(block.hash(), block.header().timestamp(),
              RollupMessages.of(block, store.config().rollup()));
          checkInbox(ledger, store.config().rollup(), next);
          made++;
          progress.advance(made);
          if (made % SYNC_EVERY == 0) {
            store.sync();
          }
        }
        store.sync();
        if (made > madeBefore) {
          control.synced(store.head(), made);
        }
        checkCommitments(l1, store);
        boolean done = request.levels() > 0 && made >= request.levels();
        boolean last = !request.follow() || done || control.stopping();
        Optional<RollupLedger.CommitmentRef> cemented = store.cemented();
        if (store.config().historyMode() == RollupConfig.Mode.FULL && cemented.isPresent()
            && cemented.get().inboxLevel() > lastCollected
            && (last || cemented.get().inboxLevel() - lastCollected >= COLLECT_EVERY)) {
          if (store.collectBelow(cemented.get().inboxLevel()).isPresent()) {
            lastCollected = cemented.get().inboxLevel();
          }
        }
        if (last) {
          return new Result(made, store.head(), store.cemented(), store.config(),
              control.stopping());
        }
        try {
          control.pause(request.pollMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Result(made, store.head(), store.cemented(), store.config(), true);
        }
        l1.refresh();
      }
    }
  }

  private static RollupStore openOrCreate(Request request, L1View l1) {
    RollupDataDir dir = request.dir();
    if (dir.exists()) {
      RollupStore store = RollupStore.openWriter(dir);
      try {
        RollupConfig config = store.config();
        if (request.rollup().isPresent() && !request.rollup().get().equals(config.rollup())) {
          throw new RollupError.RollupMismatch("the rollup of " + dir.root(),
              request.rollup().get().toString(), config.rollup().toString()).toException();
        }
        if (!config.l1Chain().equals(l1.chainId())) {
          throw new RollupError.RollupMismatch("the L1 chain of " + l1.root(),
              config.l1Chain().toString(), l1.chainId().toString()).toException();
        }
        return store;
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }
    RollupAddress address = request.rollup().orElseThrow(() ->
        new RollupError.RollupMismatch("the rollup to follow", "an sr1… address (--rollup)",
            "none given for the new directory " + dir.root()).toException());
    RollupLedger ledger = l1.rollups();
    RollupLedger.Rollup rollup = ledger.rollup(address).orElseThrow(() ->
        new RollupError.UnknownRollup(address, l1.root()).toException());
    RollupRules rules = l1.rules().orElseThrow(() ->
        new RollupError.UnknownRollup(address, l1.root()).toException());
    RollupConfig config = new RollupConfig(address, RollupSummary.kindName(rollup.kind()),
        l1.chainId(), rollup.originationLevel(), rules.commitmentPeriod(), request.historyMode());
    dir.requireParent();
    if (Files.exists(dir.importStagingDir()) || Files.exists(dir.importAsideDir())) {
      throw new StoreError.DirectoryAlreadyExists(dir.root(), "an import landing there",
          "wait for it").toException();
    }
    Block origination = l1.block(rollup.originationLevel());
    return RollupStore.create(dir, config, rollup.bootSector(), origination.hash(),
        origination.header().timestamp());
  }

  /** The level's inbox hash is L1's for that level; a level without messages has none there. */
  private static void checkInbox(RollupLedger ledger, RollupAddress rollup, L2Level level) {
    int at = level.block().level();
    Optional<dev.cairn.store.hash.InboxHash> recorded = ledger.inboxAt(rollup, at);
    boolean agrees = level.messages().isEmpty() ? recorded.isEmpty()
        : recorded.map(level.block().inbox()::equals).orElse(false);
    if (!agrees) {
      throw new RollupError.InboxMismatch(at, level.block().inbox(),
          recorded.map(Object::toString).orElse("no inbox record")).toException();
    }
  }

  /**
   * Compares the node's commitments with L1's at every commitment level both have, from the one
   * after the last cemented up, and records L1's last cemented commitment once it is the node's.
   */
  static void checkCommitments(L1View l1, RollupStore store) {
    RollupLedger ledger = l1.rollups();
    RollupAddress rollup = store.config().rollup();
    RollupConfig config = store.config();
    RollupLedger.CommitmentRef lcc = ledger.lastCemented(rollup);
    Optional<RollupLedger.CommitmentRef> marker = store.cemented();
    if (marker.isPresent() && (marker.get().inboxLevel() > lcc.inboxLevel()
        || marker.get().inboxLevel() > store.head().block().level())) {
      // The node only ever records what L1 cemented, and L1 never takes a cementing back.
      throw new RollupError.CommitmentMismatch(marker.get().inboxLevel(), marker.get().hash(),
          lcc.hash(), "last cemented (L1 is at inbox level " + lcc.inboxLevel() + ")")
          .toException();
    }
    int from = Math.max(marker.map(RollupLedger.CommitmentRef::inboxLevel)
        .orElse(config.originationLevel()), store.firstLevel());
    int to = Math.min(ledger.newest(rollup).inboxLevel(), store.head().block().level());
    for (int level = from; level <= to; level++) {
      if (!L2Transition.isCommitmentLevel(config, level)) {
        continue;
      }
      Optional<RollupLedger.Published> published = ledger.commitmentAt(rollup, level);
      Commitment ours = store.level(level).orElseThrow().commitment().orElseThrow();
      if (published.isPresent() && !published.get().commitment().equals(ours)) {
        throw new RollupError.CommitmentMismatch(level, ours.hash(),
            published.get().commitment().hash(), "published").toException();
      }
    }
    if (lcc.inboxLevel() >= store.firstLevel() && lcc.inboxLevel() <= store.head().block().level()
        && store.cemented().map(c -> c.inboxLevel() < lcc.inboxLevel()).orElse(true)) {
      Commitment ours = store.level(lcc.inboxLevel()).orElseThrow().commitment()
          .orElseThrow(() -> new RollupError.CommitmentMismatch(lcc.inboxLevel(),
              Commitment.NONE, lcc.hash(), "cemented").toException());
      if (!ours.hash().equals(lcc.hash())) {
        throw new RollupError.CommitmentMismatch(lcc.inboxLevel(), ours.hash(), lcc.hash(),
            "last cemented").toException();
      }
      store.setCemented(lcc);
    }
  }
}
