package dev.cairn.rollup;

import dev.cairn.context.Context;
import dev.cairn.context.ContextTree;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.store.StoreError;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.RollupStateHash;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.rollup.RollupLedger;
import dev.cairn.validator.rollup.arith.ArithPvm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A rollup data directory opened: its configuration, its L2 log and its context of PVM states.
 * A writer ({@link #openWriter}) holds the directory's lock and advances the chain; a reader
 * ({@link #openReader}) runs beside it and sees the levels durable when it opened.
 *
 * <p>Each distinct state is one canonical commit ({@link ArithPvm#CANONICAL}) whose hash is the
 * state hash. The levels {@link #advance} makes wait in memory until {@link #sync}, which makes
 * the context durable first and only then appends and syncs their records: a record in the log,
 * which a reader in another process may read at once, never names a state that is not in the
 * context (commits are written behind, so a commit is not in LMDB when {@code commit} returns).
 */
public final class RollupStore implements AutoCloseable {

  private final RollupDataDir dir;
  private final RollupConfig config;
  private final L2Log log;
  private final LmdbContext context;
  private final DataDirLock lock;
  private L2Level head;
  /** Levels made since the last sync, oldest first: in the log only once their states are. */
  private final java.util.ArrayList<L2Level> pending = new java.util.ArrayList<>();
  private L2Transition.LastCommitment lastCommitment;
  private ArithPvm machine;

  private RollupStore(RollupDataDir dir, RollupConfig config, L2Log log, LmdbContext context,
      DataDirLock lock) {
    this.dir = dir;
    this.config = config;
    this.log = log;
    this.context = context;
    this.lock = lock;
  }

  /**
   * Creates the directory's store (which must hold none) for {@code config}, its first level the
   * origination: the PVM booted with {@code bootSector}, in L1 block {@code originationBlock}.
   */
  public static RollupStore create(RollupDataDir dir, RollupConfig config, byte[] bootSector,
      BlockHash originationBlock, long originationTime) {
    try {
      Files.deleteIfExists(dir.root()); // an empty directory is taken; anything else is not
    } catch (IOException e) {
      throw new StoreError.DirectoryAlreadyExists(dir.root(), "files that are not a rollup "
          + "directory", "a rollup directory is created in an absent or empty one")
          .toException(e);
    }
    // Built whole in <dir>.part, then renamed: a crash leaves no half-made directory, only a
    // .part that the next creation clears.
    Path part = dir.creationStagingDir();
    if (Files.exists(part) && !OwnedDirectory.deleteIfAbandoned(part)) {
      throw new StoreError.DirectoryAlreadyExists(part, "a rollup directory being created",
          "another rollup run is creating it").toException();
    }
    try (OwnedDirectory owned = OwnedDirectory.create(part)) {
      RollupDataDir staged = RollupDataDir.at(part);
      Files.createDirectories(staged.l2Dir());
      try (RollupStore store = open(staged, config, null, true)) {
        ArithPvm booted = ArithPvm.boot(store.context.emptyTree(), bootSector);
        L2Level genesis = L2Transition.genesis(config, originationBlock, originationTime,
            booted);
        booted.tree().commit(ArithPvm.CANONICAL);
        store.context.sync(); // the genesis state, then its record
        store.appendLevel(genesis);
        store.sync();
        staged.writeConfig(config);
      }
      Files.move(part, dir.root(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      owned.releaseAt(dir.root());
      AtomicFile.fsyncDirectory(dir.root().getParent());
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dir.root(), "create", e);
    }
    return openWriter(dir);
  }

  /**
   * Creates an empty store in {@code staging} (an import's), for {@code config}: no level and no
   * state yet; {@link #appendLevel} and a restore of its context fill it, and {@link #finish}
   * writes its configuration last.
   */
  public static RollupStore createEmpty(RollupDataDir staging, RollupConfig config) {
    try {
      Files.createDirectories(staging.l2Dir());
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(staging.root(), "create", e);
    }
    return open(staging, config, null, true);
  }

  /**
   * Finishes an imported store: the context and log synced, the cemented marker (if any) and the
   * configuration written, the last.
   */
  public void finish(Optional<RollupLedger.CommitmentRef> cemented) {
    sync();
    cemented.ifPresent(this::setCemented);
    dir.writeConfig(config);
  }

  /** Opens the directory to advance it; {@code Data_dir_locked} if another process does. */
  public static RollupStore openWriter(RollupDataDir dir) {
    RollupConfig config = dir.readConfig();
    DataDirLock lock = dir.lockForWriting();
    try {
      return open(dir, config, lock, true);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Opens the directory to read, beside its writer if one runs. */
  public static RollupStore openReader(RollupDataDir dir) {
    return open(dir, dir.readConfig(), null, false);
  }

  private static RollupStore open(RollupDataDir dir, RollupConfig config, DataDirLock lock,
      boolean writable) {
    L2Log log = L2Log.open(dir.levelsLog(), writable);
    LmdbContext context;
    try {
      context = writable
          ? LmdbContext.open(dir.contextDir(), LmdbContext.Durability.ON_SYNC)
          : LmdbContext.openReadOnly(dir.contextDir(), dir.root());
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
    RollupStore store = new RollupStore(dir, config, log, context, lock);
    try {
      store.loadHead();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void loadHead() {
    Optional<Integer> last = log.lastLevel();
    if (last.isEmpty()) {
      return; // being created
    }
    head = log.read(last.get()).orElseThrow();
    if (!context.contains(asContext(head.block().state()))) {
      throw corrupted("the head's state " + head.block().state() + " is not in the context");
    }
    for (int level = last.get(); level >= log.firstLevel().orElseThrow(); level--) {
      L2Level record = level == last.get() ? head : log.read(level).orElseThrow();
      if (record.commitment().isPresent()) {
        lastCommitment = new L2Transition.LastCommitment(record.commitment().get(),
            record.block().ticks());
        return;
      }
    }
    throw corrupted("no level from " + log.firstLevel().orElseThrow() + " up carries a "
        + "commitment: the first level of a rollup store always does");
  }

  /**
   * A reader's view moved up to the levels its writer has made durable since it opened: the
   * head is the newest of them.
   */
  public void refresh() {
    if (lock != null) {
      return; // the writer's view is the log
    }
    log.refresh();
    loadHead();
  }

  public RollupDataDir dir() {
    return dir;
  }

  public RollupConfig config() {
    return config;
  }

  public Context context() {
    return context;
  }

  /** The newest level. */
  public L2Level head() {
    return head;
  }

  /** The oldest level the store holds: the origination, or an imported snapshot's base. */
  public int firstLevel() {
    return log.firstLevel().orElseGet(() -> pending.get(0).block().level());
  }

  /** The level {@code level}, if the store holds it. */
  public Optional<L2Level> level(int level) {
    if (level == head.block().level()) {
      return Optional.of(head);
    }
    if (!pending.isEmpty() && level >= pending.get(0).block().level()) {
      int index = level - pending.get(0).block().level();
      return index < pending.size() ? Optional.of(pending.get(index)) : Optional.empty();
    }
    return log.read(level);
  }

  /** The newest commitment this store made, and the total ticks at its level. */
  public L2Transition.LastCommitment lastCommitment() {
    return lastCommitment;
  }

  /**
   * Runs the next level: {@code messages} of L1 block {@code l1Block}; commits its state and
   * appends its record (durable after {@link #sync}). Returns the level.
   */
  public L2Level advance(BlockHash l1Block, long timestamp, List<byte[]> messages) {
    ArithPvm pvm = machine();
    L2Level next = L2Transition.next(config, pvm, head.block(), lastCommitment, l1Block,
        timestamp, messages);
    ContextHash committed = pvm.tree().commit(ArithPvm.CANONICAL);
    if (!committed.bytes().equals(next.block().state().bytes())) {
      throw corrupted("a state committed as " + committed + " hashed to "
          + next.block().state());
    }
    pending.add(next);
    setHead(next);
    return next;
  }

  /**
   * Appends a level straight to the log: for an import, into a staging directory nobody reads,
   * whose states are restored or rebuilt afterwards (and checked before it lands).
   */
  public void appendLevel(L2Level level) {
    if (!pending.isEmpty()) {
      throw new IllegalStateException("levels are waiting for a sync");
    }
    log.append(level);
    setHead(level);
  }

  private void setHead(L2Level level) {
    head = level;
    if (level.commitment().isPresent()) {
      lastCommitment = new L2Transition.LastCommitment(level.commitment().get(),
          level.block().ticks());
    }
  }

  /** The head's machine, to run the next level on. */
  private ArithPvm machine() {
    if (machine == null) {
      machine = ArithPvm.on(context.checkout(asContext(head.block().state())));
    }
    return machine;
  }

  /** Makes every level so far durable: the context first, then the log. */
  public void sync() {
    context.sync();
    for (L2Level level : pending) {
      log.append(level);
    }
    pending.clear();
    log.sync();
  }

  /** The last cemented commitment this node has seen L1 agree with, if any. */
  public Optional<RollupLedger.CommitmentRef> cemented() {
    Path file = dir.cementedFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      long size = Files.size(file);
      if (size != 36) {
        throw corrupted("the cemented marker has " + size + " bytes, not 36");
      }
      byte[] bytes = Files.readAllBytes(file);
      BinaryReader in = BinaryReader.of(bytes, "cemented marker");
      return Optional.of(new RollupLedger.CommitmentRef(CommitmentHash.of(in.bytes(32, "hash")),
          in.i32("inbox level")));
    } catch (IOException e) {
      throw corrupted("the cemented marker does not read: " + CauseText.of(e));
    }
  }

  /** Records {@code cemented} as the last cemented commitment. */
  public void setCemented(RollupLedger.CommitmentRef cemented) {
    ByteBuffer out = ByteBuffer.allocate(36);
    cemented.hash().bytes().writeTo(out);
    out.putInt(cemented.inboxLevel());
    AtomicFile.write(dir.cementedFile(), out.array());
  }

  /**
   * In full mode, deletes the states of levels below {@code level} (the last cemented one's):
   * each kept level's state is kept, whatever it shares with older ones. Skipped (empty) while
   * an export holds the {@link GcHold}.
   */
  public Optional<Context.GcSummary> collectBelow(int level) {
    Optional<GcHold> hold = GcHold.tryTake(dir);
    if (hold.isEmpty()) {
      return Optional.empty(); // an export is reading the states: collect next time
    }
    try (GcHold held = hold.get()) {
      Set<ContextHash> keep = new LinkedHashSet<>();
      for (int l = Math.max(level, firstLevel()); l <= head.block().level(); l++) {
        keep.add(asContext(level(l).orElseThrow().block().state()));
      }
      sync();
      machine = null; // a tree is not committed after a collection; the next level checks out
      return Optional.of(context.collectGarbage(keep));
    }
  }

  public static ContextHash asContext(RollupStateHash state) {
    return ContextHash.of(state.bytes().toArray());
  }

  private CairnException corrupted(String fault) {
    return new RollupError.CorruptedRollupStore(dir.root(), fault).toException();
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      log.close();
      if (lock != null) {
        lock.close();
      }
    }
  }
}
