package dev.cairn.snapshot.rollup;

import dev.cairn.context.ContextError;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.progress.Progress;
import dev.cairn.rollup.L1View;
import dev.cairn.rollup.L2Block;
import dev.cairn.rollup.L2Level;
import dev.cairn.rollup.L2Transition;
import dev.cairn.rollup.RollupError;
import dev.cairn.rollup.RollupLanding;
import dev.cairn.rollup.RollupStore;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.store.StoreError;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.InboxHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.protocol.TestnetProtocols;
import dev.cairn.validator.rollup.RollupRules;
import dev.cairn.validator.rollup.RollupSummary;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.rollup.RollupInbox;
import dev.cairn.validator.rollup.RollupLedger;
import dev.cairn.validator.rollup.arith.ArithPvm;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code cairn rollup snapshot import}: restores a rollup snapshot into a rollup data directory,
 * trusting nothing in it, and lands it atomically.
 *
 * <p>Before anything is written: the metadata (and the manifest, if read through one); with
 * {@code --force} over an existing directory, the same rollup, a compatible history mode and a
 * head newer than the directory's; with an L1 data directory, its chain and the rollup on it.
 * Then, into a staging directory beside the target: the {@code l2_levels} member streamed into
 * the new L2 log, each level checked as it comes (consecutive, linked to its predecessor, its
 * inbox hash the chain its messages extend, a commitment exactly at each commitment level, each
 * the one its state and its predecessor give); the {@code context} member restored, its states
 * exactly the ones the levels name; then every level above the oldest state replayed through the
 * PVM ({@link L2Transition}), each state, tick count and commitment compared with its block's:
 * for a compact snapshot this is the reconstruction, each state committed as it is made. With an
 * L1 data directory: each level's inbox hash against L1's, L1's last cemented commitment against
 * the snapshot's at its level. A failure names the level and leaves nothing behind.
 *
 * <p>With {@code --no-check}, a full snapshot's states are taken as restored (each object's hash
 * is still checked) rather than replayed, and L1 is not consulted; a compact snapshot is always
 * replayed, since that is how its states are made.
 */
public final class RollupSnapshotImporter {

  /** The largest message L1 accepts (the rollup protocol's limit): a level's messages' bound. */
  private static final int MAX_MESSAGE = TestnetProtocols.GAMMA.constants()
      .get("sc_rollup_message_size_limit").intValue();

  /**
   * What to import.
   *
   * @param l1 an L1 data directory to check the snapshot against
   * @param force replace an existing rollup directory (the same rollup, an older head)
   */
  public record Request(String source, RollupDataDir target, Optional<DataDir> l1,
      boolean check, boolean force, TrustPolicy trust,
      Optional<SnapshotSource.RemoteAccess> remote) {}

  /**
   * What an import did.
   *
   * @param replayed levels run through the PVM
   * @param replayNanos how long that took
   */
  public record Result(RollupSnapshotMetadata metadata, int replayed, long replayNanos,
      RollupConfig config) {}

  private RollupSnapshotImporter() {}

  public static Result run(Request request, Progress progress) {
    RollupDataDir target = request.target();
    RollupLanding.recover(target);
    try (SnapshotSource source = SnapshotSource.open(request.source(), Optional.empty(),
        request.trust(), progress::cancelled, request.remote())) {
      SnapshotSource.Member version = SnapshotSource.expect(source, MemberKind.VERSION);
      SnapshotMetadata.readVersion(version.in(), version.size());
      SnapshotSource.Member meta = SnapshotSource.expect(source, MemberKind.METADATA);
      RollupSnapshotMetadata metadata = RollupSnapshotMetadata.read(meta.in(), meta.size());
      source.manifest().ifPresent(manifest -> requireNames(manifest, metadata));
      RollupConfig config = metadata.rollup().withHistoryMode(importedMode(metadata));
      target.requireParent();
      // A directory in place is locked (a node running on it refuses the import); an absent one
      // is claimed by the staging directory beside it, which one import at a time owns.
      try (DataDirLock lock = target.exists() ? target.lockForWriting() : null) {
        boolean replace = checkTarget(target, metadata, config, request.force());
        try (OwnedDirectory staging = staging(target)) {
          RollupDataDir staged = RollupDataDir.at(staging.path());
          Result result;
          try (L1View l1 = request.l1().filter(d -> request.check())
              .map(d -> L1View.open(d, staging.path())).orElse(null);
              RollupStore store = RollupStore.createEmpty(staged, config)) {
            Optional<L1Anchor> anchor = Optional.ofNullable(l1).map(v -> L1Anchor.of(v,
                metadata));
            StateList commits = StateList.create(RollupDataDir.expectedStates(staging.path()));
            try (commits) {
              readLevels(source, metadata, config, store, anchor, commits, progress);
            SnapshotSource.Member context = SnapshotSource.expect(source, MemberKind.CONTEXT);
            if (context.size() != metadata.contextBytes()) {
              throw new SnapshotError.CannotRead(SnapshotError.Part.CONTEXT, context.size()
                  + " bytes where metadata.json announces " + metadata.contextBytes())
                  .toException();
            }
            progress.phase("context", metadata.contextElements());
              store.context().restore(context.in(), context.size(), commits.finish(),
                  progress);
            }
            if (source.next().isPresent()) {
              throw new SnapshotError.InvalidSnapshotMember("(after context)", "a rollup "
                  + "snapshot ends with its context").toException();
            }
            checkOldestState(store, metadata);
            long start = System.nanoTime();
            int replayed = metadata.compact() || request.check()
                ? replay(store, metadata, progress) : 0;
            long replayNanos = System.nanoTime() - start;
            if (anchor.isPresent()) {
              checkCementedAgainstL1(anchor.get(), store, metadata);
            }
            store.finish(metadata.lastCemented());
            result = new Result(metadata, replayed, replayNanos, config);
          }
          RollupLanding.land(staging, target, replace);
          return result;
        }
      }
    }
  }

  /**
   * Checks a written snapshot as an import with every check would, into a scratch directory in
   * {@code scratchParent} that is always removed; writes nothing else.
   */
  public static Result verify(String source, Path scratchParent, Progress progress) {
    Path scratch = DataDir.verifyScratchDir(scratchParent);
    try (OwnedDirectory owned = OwnedDirectory.create(scratch)) {
      return run(new Request(source, RollupDataDir.verifyTarget(owned.path()), Optional.empty(),
          true, false, TrustPolicy.NONE, Optional.empty()), progress);
    }
  }

  /** The imported directory's mode: archive only when the snapshot holds every state. */
  private static RollupConfig.Mode importedMode(RollupSnapshotMetadata metadata) {
    return !metadata.compact() && metadata.rollup().historyMode() == RollupConfig.Mode.ARCHIVE
        && metadata.contextFrom() == metadata.rollup().originationLevel()
        ? RollupConfig.Mode.ARCHIVE : RollupConfig.Mode.FULL;
  }

  private static void requireNames(SignedManifest signed, RollupSnapshotMetadata metadata) {
    SnapshotManifest manifest = signed.manifest();
    String differs = null;
    if (!manifest.chainName().equals(metadata.rollup().rollup().toString())) {
      differs = "rollup " + manifest.chainName() + ", the snapshot's is "
          + metadata.rollup().rollup();
    } else if (!manifest.mode().equals(metadata.manifestMode())) {
      differs = "mode " + manifest.mode() + ", the snapshot's is " + metadata.manifestMode();
    } else if (!manifest.block().equals(metadata.headL1Block())
        || manifest.level() != metadata.headLevel()
        || !manifest.timestamp().equals(metadata.timestamp())) {
      differs = "head " + manifest.block() + " at level " + manifest.level() + ", the "
          + "snapshot's is " + metadata.headL1Block() + " at level " + metadata.headLevel();
    }
    if (differs != null) {
      throw new SnapshotError.InvalidManifest(manifest.snapshotName(), "it names another "
          + "snapshot: " + differs).toException();
    }
  }

  /**
   * Before anything is written: a directory in place is replaced only with {@code --force}, and
   * only by a snapshot of the same rollup, whose history mode it can take, with a newer head.
   * Returns whether one is replaced.
   */
  private static boolean checkTarget(RollupDataDir target, RollupSnapshotMetadata metadata,
      RollupConfig config, boolean force) {
    if (!target.exists()) {
      if (Files.exists(target.root())) {
        try (var entries = Files.list(target.root())) {
          if (entries.findAny().isPresent()) {
            throw new StoreError.DirectoryAlreadyExists(target.root(), "files that are not a "
                + "rollup directory", "import into an absent or empty directory")
                .toException();
          }
        } catch (IOException e) {
          throw StoreError.StoreIoFailure.of(target.root(), "list", e);
        }
      }
      return false;
    }
    if (!force) {
      throw new StoreError.DirectoryAlreadyExists(target.root(), "a rollup directory",
          "give --force to replace it").toException();
    }
    RollupConfig local = target.readConfig();
    if (!local.rollup().equals(config.rollup()) || !local.l1Chain().equals(config.l1Chain())) {
      throw new RollupError.RollupMismatch("the rollup of " + target.root(),
          config.rollup() + " on " + config.l1Chain(), local.rollup() + " on " + local.l1Chain())
          .toException();
    }
    if (local.historyMode() == RollupConfig.Mode.ARCHIVE
        && config.historyMode() != RollupConfig.Mode.ARCHIVE) {
      throw new SnapshotError.InconsistentHistoryModeImport(metadata.mode() + " (states from "
          + "level " + metadata.contextFrom() + ")", "archive").toException();
    }
    int localHead = localHead(target);
    if (metadata.headLevel() <= localHead) {
      throw new RollupError.SnapshotTooOld(metadata.headLevel(), localHead, target.root())
          .toException();
    }
    return true;
  }

  private static int localHead(RollupDataDir target) {
    try (RollupStore store = RollupStore.openReader(target)) {
      return store.head().block().level();
    }
  }

  private static OwnedDirectory staging(RollupDataDir target) {
    Path staging = target.importStagingDir();
    if (Files.exists(staging) && !OwnedDirectory.deleteIfAbandoned(staging)) {
      throw new StoreError.DirectoryAlreadyExists(staging, "another import into "
          + target.root() + " under way", "wait for it, or stop it").toException();
    }
    return OwnedDirectory.create(staging);
  }

  /**
   * What an import checks a snapshot against when given an L1 data directory: read once, before
   * the levels stream, and consulted for each. Its chain, the rollup's origination and
   * commitment period, and a head no higher than L1's are checked as it is made.
   */
  private record L1Anchor(L1View l1, RollupLedger ledger, RollupAddress rollup) {

    static L1Anchor of(L1View l1, RollupSnapshotMetadata metadata) {
      RollupConfig config = metadata.rollup();
      if (!l1.chainId().equals(config.l1Chain())) {
        throw new RollupError.RollupMismatch("the L1 chain of " + l1.root(),
            config.l1Chain().toString(), l1.chainId().toString()).toException();
      }
      RollupLedger ledger = l1.rollups();
      RollupLedger.Rollup rollup = ledger.rollup(config.rollup()).orElseThrow(() ->
          new RollupError.UnknownRollup(config.rollup(), l1.root()).toException());
      int period = l1.rules().map(RollupRules::commitmentPeriod).orElse(-1);
      if (rollup.originationLevel() != config.originationLevel()
          || period != config.commitmentPeriod()
          || !RollupSummary.kindName(rollup.kind()).equals(config.kind())) {
        throw new RollupError.RollupMismatch("the rollup's origination, period and kind on L1",
            rollup.originationLevel() + ", " + period + ", " + RollupSummary.kindName(
                rollup.kind()), config.originationLevel() + ", " + config.commitmentPeriod()
                + ", " + config.kind() + " (the snapshot's)").toException();
      }
      if (metadata.headLevel() > l1.headLevel()) {
        throw new RollupError.AheadOfL1(metadata.headLevel(), l1.headLevel(), l1.root())
            .toException();
      }
      return new L1Anchor(l1, ledger, config.rollup());
    }

    /**
     * A level against L1: the L1 block it ran is L1's at that level; above the base, its inbox
     * hash is the one L1 recorded (none for a level without messages); its commitment, if L1
     * has one at that level, is L1's; the oldest state's commitment is one L1 holds.
     */
    void check(L2Level level, boolean base, boolean oldestState) {
      L2Block block = level.block();
      int at = block.level();
      dev.cairn.store.block.Block l1Block = l1.block(at);
      if (!l1Block.hash().equals(block.l1Block())
          || l1Block.header().timestamp() != block.timestamp()) {
        throw chain(at, "it ran block " + block.l1Block() + " of time " + block.timestamp()
            + ", L1's block at that level is " + l1Block.hash() + " of time "
            + l1Block.header().timestamp());
      }
      if (base) {
        InboxHash asOf = ledger.inboxAsOf(rollup, at, l1.rollups().rollup(rollup).orElseThrow()
            .originationLevel());
        if (!asOf.equals(block.inbox())) {
          throw new RollupError.InboxMismatch(at, block.inbox(), "as of that level "
              + asOf).toException();
        }
      } else {
        Optional<InboxHash> recorded = ledger.inboxAt(rollup, at);
        boolean agrees = level.messages().isEmpty() ? recorded.isEmpty()
            : recorded.map(block.inbox()::equals).orElse(false);
        if (!agrees) {
          throw new RollupError.InboxMismatch(at, block.inbox(),
              recorded.map(Object::toString).orElse("no inbox record")).toException();
        }
      }
      Optional<RollupLedger.Published> published = ledger.commitmentAt(rollup, at);
      if (level.commitment().isPresent() && published.isPresent()
          && !published.get().commitment().equals(level.commitment().get())) {
        throw new RollupError.CommitmentMismatch(at, level.commitment().get().hash(),
            published.get().commitment().hash(), "published").toException();
      }
      if (oldestState && published.isEmpty()) {
        throw new RollupError.CommitmentMismatch(at, level.commitment().map(Commitment::hash)
            .orElse(Commitment.NONE), Commitment.NONE, "published (L1 has none at the level "
            + "of the snapshot's oldest state, which must be one L1 holds)").toException();
      }
    }
  }

  /**
   * Streams {@code l2_levels} into the new log, checking each level as it comes; lists in {@code
   * commits} the states from {@code context_from} up (just the base's, compact), in order, each
   * run of levels sharing one listed once.
   */
  private static void readLevels(SnapshotSource source, RollupSnapshotMetadata metadata,
      RollupConfig config, RollupStore store, Optional<L1Anchor> l1, StateList commits,
      Progress progress) {
    SnapshotSource.Member member = SnapshotSource.expect(source, MemberKind.L2_LEVELS);
    progress.phase("levels", metadata.levels());
    DataInputStream in = new DataInputStream(new BufferedInputStream(member.in(), 1 << 16));
    L2Block previous = null;
    L2Transition.LastCommitment last = null;
    int count = 0;
    try {
      for (Optional<L2Level> next = L2Level.readFrom(in, "l2_levels"); next.isPresent();
          next = L2Level.readFrom(in, "l2_levels")) {
        L2Level level = next.get();
        int expected = metadata.baseLevel() + count;
        L2Block block = level.block();
        if (block.level() != expected || count >= metadata.levels()) {
          throw chain(block.level(), "found where level " + expected + " must come (the "
              + "snapshot holds " + metadata.levels() + " from " + metadata.baseLevel() + ")");
        }
        for (byte[] message : level.messages()) {
          if (message.length > MAX_MESSAGE) {
            throw chain(block.level(), "a message of " + message.length + " bytes, more than "
                + "L1 accepts (" + MAX_MESSAGE + ")");
          }
        }
        if (previous == null) {
          checkBase(config, metadata, level);
        } else {
          checkLink(config, previous, last, level);
        }
        if (metadata.lastCemented().isPresent()
            && block.level() == metadata.lastCemented().get().inboxLevel()
            && !level.commitment().map(Commitment::hash)
                .equals(Optional.of(metadata.lastCemented().get().hash()))) {
          throw new RollupError.CommitmentMismatch(block.level(), level.commitment()
              .map(Commitment::hash).orElse(Commitment.NONE),
              metadata.lastCemented().get().hash(), "last cemented (metadata.json's)")
              .toException();
        }
        final boolean base = previous == null;
        l1.ifPresent(anchor -> anchor.check(level, base,
            block.level() == metadata.contextFrom()));
        if (level.commitment().isPresent()) {
          last = new L2Transition.LastCommitment(level.commitment().get(), block.ticks());
        }
        if (block.level() >= metadata.contextFrom()
            && (!metadata.compact() || block.level() == metadata.contextFrom())) {
          commits.add(block.state().bytes().toArray());
          if (commits.size() > metadata.contextCommits()) {
            throw new SnapshotError.CannotRead(SnapshotError.Part.METADATA, "context_commits is "
                + metadata.contextCommits() + ", the levels name more states").toException();
          }
        }
        store.appendLevel(level);
        previous = block;
        count++;
        if (count % 1024 == 0) {
          progress.advance(count);
          progress.checkCancelled();
        }
      }
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.L2_LEVELS, CauseText.of(e))
          .toException(e);
    } catch (CairnException e) {
      if (e.error() instanceof StoreError.MalformedEncoding malformed) {
        throw new SnapshotError.CannotRead(SnapshotError.Part.L2_LEVELS, malformed.details())
            .toException(e);
      }
      throw e;
    }
    progress.advance(count);
    if (count != metadata.levels()) {
      throw chain(metadata.baseLevel() + count, "the snapshot ends after " + count + " of its "
          + metadata.levels() + " levels");
    }
    if (!previous.state().equals(metadata.headState())
        || !previous.l1Block().equals(metadata.headL1Block())) {
      throw chain(previous.level(), "the head is not the one metadata.json names");
    }
    if (commits.size() != metadata.contextCommits()) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.METADATA, "context_commits is "
          + metadata.contextCommits() + ", the levels name " + commits.size() + " states")
          .toException();
    }
  }

  /**
   * The first level: the origination (no predecessor, the inbox's start, its genesis commitment)
   * or a commitment level carrying its commitment, whose state the base's is.
   */
  private static void checkBase(RollupConfig config, RollupSnapshotMetadata metadata,
      L2Level level) {
    L2Block block = level.block();
    Optional<Commitment> commitment = level.commitment();
    if (block.level() == config.originationLevel()) {
      if (!block.predecessor().equals(L2Block.NO_PREDECESSOR) || block.ticks() != 0
          || !level.messages().isEmpty()
          || !block.inbox().equals(RollupInbox.start(config.rollup(), block.level()))
          || !commitment.equals(Optional.of(Commitment.genesis(block.state(), block.level())))) {
        throw chain(block.level(), "the origination level is not the rollup's start");
      }
      return;
    }
    if (commitment.isEmpty() || !commitment.get().state().equals(block.state())
        || commitment.get().inboxLevel() != block.level()) {
      throw chain(block.level(), "the base level carries no commitment to its own state");
    }
    if (metadata.lastCemented().isPresent() && metadata.compact()
        && (metadata.lastCemented().get().inboxLevel() != block.level()
            || !metadata.lastCemented().get().hash().equals(commitment.get().hash()))) {
      throw chain(block.level(), "a compact snapshot's base is its last cemented commitment");
    }
  }

  /** A level after the first: linked, its inbox extended by its messages, its commitment. */
  private static void checkLink(RollupConfig config, L2Block previous,
      L2Transition.LastCommitment last, L2Level level) {
    L2Block block = level.block();
    if (!block.predecessor().equals(previous.hash())) {
      throw chain(block.level(), "its predecessor is not the hash of level " + previous.level());
    }
    if (block.ticks() < previous.ticks() || block.timestamp() < previous.timestamp()) {
      throw chain(block.level(), "its ticks or timestamp go back");
    }
    InboxHash inbox = previous.inbox();
    List<byte[]> messages = level.messages();
    for (int i = 0; i < messages.size(); i++) {
      inbox = RollupInbox.next(inbox, block.level(), i, messages.get(i));
    }
    if (!inbox.equals(block.inbox())) {
      throw new RollupError.InboxMismatch(block.level(), inbox, "the snapshot's "
          + block.inbox()).toException();
    }
    boolean due = L2Transition.isCommitmentLevel(config, block.level());
    if (due != level.commitment().isPresent()) {
      throw chain(block.level(), due ? "a commitment level without its commitment"
          : "a commitment at a level that is not a commitment level");
    }
    if (due) {
      if (last == null) {
        throw chain(block.level(), "a commitment with no commitment before it");
      }
      Commitment expected = new Commitment(block.state(), block.level(),
          last.commitment().hash(), block.ticks() - last.ticks());
      if (!expected.equals(level.commitment().get())) {
        throw new RollupError.CommitmentMismatch(block.level(), expected.hash(),
            level.commitment().get().hash(), "the snapshot's").toException();
      }
    }
  }

  /**
   * Runs every level above the oldest state through the PVM, each result compared with its
   * block; a compact snapshot's states are committed as they are made. Returns the levels run.
   */
  private static int replay(RollupStore store, RollupSnapshotMetadata metadata,
      Progress progress) {
    int from = metadata.contextFrom();
    int to = metadata.headLevel();
    progress.phase("replay", to - from);
    L2Level base = store.level(from).orElseThrow();
    ArithPvm pvm = ArithPvm.on(store.context().checkout(RollupStore.asContext(
        base.block().state())));
    L2Transition.LastCommitment last = lastCommitmentAtOrBelow(store, from);
    L2Block previous = base.block();
    for (int level = from + 1; level <= to; level++) {
      progress.checkCancelled();
      L2Level claimed = store.level(level).orElseThrow();
      L2Level made;
      try {
        made = L2Transition.next(store.config(), pvm, previous, last,
            claimed.block().l1Block(), claimed.block().timestamp(), claimed.messages());
      } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException
          | java.nio.BufferUnderflowException e) {
        // Every state the PVM reads is checked as it reads it; this is the net under that.
        throw new ContextError.InconsistentContext("the state before level " + level
            + " does not run through the PVM: " + CauseText.of(e)).toException(e);
      }
      if (!made.block().state().equals(claimed.block().state())
          || made.block().ticks() != claimed.block().ticks()) {
        throw new RollupError.StateMismatch(level, made.block().state(),
            claimed.block().state()).toException();
      }
      if (!made.commitment().equals(claimed.commitment())) {
        throw new RollupError.CommitmentMismatch(level,
            made.commitment().map(Commitment::hash).orElse(Commitment.NONE),
            claimed.commitment().map(Commitment::hash).orElse(Commitment.NONE),
            "the snapshot's").toException();
      }
      // Committed at every level, compact or full: a compact snapshot's state is made here, a
      // full one's is there already and writes nothing; either way the tree keeps no more than
      // one level's changes in memory.
      ContextHash committed = pvm.tree().commit(ArithPvm.CANONICAL);
      if (!committed.bytes().equals(made.block().state().bytes())) {
        throw new RollupError.StateMismatch(level, made.block().state(),
            claimed.block().state()).toException();
      }
      if (made.commitment().isPresent()) {
        last = new L2Transition.LastCommitment(made.commitment().get(), made.block().ticks());
      }
      previous = made.block();
      if ((level - from) % 256 == 0) {
        progress.advance(level - from);
      }
    }
    progress.advance(to - from);
    return to - from;
  }

  /**
   * The oldest state is one a level can end in (halted before any message, or waiting for the
   * next: never in the middle of a message), and its tick counter is its block's.
   */
  private static void checkOldestState(RollupStore store, RollupSnapshotMetadata metadata) {
    L2Level oldest = store.level(metadata.contextFrom()).orElseThrow();
    ArithPvm pvm = ArithPvm.on(store.context().checkout(RollupStore.asContext(
        oldest.block().state())));
    ArithPvm.Status status = pvm.status();
    if (status != ArithPvm.Status.HALTED && status != ArithPvm.Status.WAITING_FOR_INPUT) {
      throw new ContextError.InconsistentContext("the state of level " + oldest.block().level()
          + " is " + status + ", not between messages").toException();
    }
    if (pvm.tick() != oldest.block().ticks()) {
      throw chain(oldest.block().level(), "its block counts " + oldest.block().ticks()
          + " ticks, its state " + pvm.tick());
    }
  }

  private static L2Transition.LastCommitment lastCommitmentAtOrBelow(RollupStore store,
      int level) {
    for (int l = level; l >= store.firstLevel(); l--) {
      L2Level at = store.level(l).orElseThrow();
      if (at.commitment().isPresent()) {
        return new L2Transition.LastCommitment(at.commitment().get(), at.block().ticks());
      }
    }
    throw chain(level, "no commitment at or below the oldest state");
  }

  /**
   * L1's last cemented commitment against the snapshot's commitment at its level (when the
   * snapshot holds it), and the snapshot's last cemented commitment against the one L1 holds at
   * its level, which L1 must have cemented.
   */
  private static void checkCementedAgainstL1(L1Anchor anchor, RollupStore store,
      RollupSnapshotMetadata metadata) {
    RollupLedger ledger = anchor.ledger();
    RollupAddress rollup = anchor.rollup();
    RollupLedger.CommitmentRef lcc = ledger.lastCemented(rollup);
    if (lcc.inboxLevel() >= metadata.baseLevel() && lcc.inboxLevel() <= metadata.headLevel()) {
      Commitment ours = store.level(lcc.inboxLevel()).orElseThrow().commitment().orElseThrow(
          () -> chain(lcc.inboxLevel(), "L1 cemented a commitment at a level without one"));
      if (!ours.hash().equals(lcc.hash())) {
        throw new RollupError.CommitmentMismatch(lcc.inboxLevel(), ours.hash(), lcc.hash(),
            "last cemented").toException();
      }
    }
    if (metadata.lastCemented().isPresent()) {
      RollupLedger.CommitmentRef claimed = metadata.lastCemented().get();
      Optional<RollupLedger.Published> published = ledger.commitmentAt(rollup,
          claimed.inboxLevel());
      if (published.isEmpty() || !published.get().commitment().hash().equals(claimed.hash())
          || claimed.inboxLevel() > lcc.inboxLevel()) {
        throw new RollupError.CommitmentMismatch(claimed.inboxLevel(), claimed.hash(),
            published.map(p -> p.commitment().hash()).orElse(Commitment.NONE),
            "cemented").toException();
      }
    }
  }

  private static CairnException chain(int level, String fault) {
    return new RollupError.InconsistentL2Chain(level, fault).toException();
  }
}
