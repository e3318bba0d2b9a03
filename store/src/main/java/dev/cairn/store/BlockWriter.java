package dev.cairn.store;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.store.FloatingLog.Entry;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.hash.BlockHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one writer of a block store: it holds the data directory's lock for as long as it is open,
 * and is a {@link BlockView} of what it writes.
 *
 * <p>Blocks are added with {@link #store} and become the chain with {@link #setHead}, which moves
 * the checkpoint to head.level − 2, cements every cycle wholly at or below it, and collects
 * garbage as the history mode says. A change commits by rewriting {@code store/markers}
 * atomically after the files it refers to are durable ({@link StoreState} is the commit point,
 * {@link Retention} the GC rule); with {@link Durability#ON_CLOSE}, a head change that cements
 * nothing commits at {@link #close} instead. Files that no committed marker refers to are removed
 * when a writer next opens.
 */
public final class BlockWriter extends BlockView {

  /** When head changes reach the disk. */
  public enum Durability {
    /** Each {@link #setHead} is durable when it returns. */
    EACH_HEAD,
    /**
     * A head change that cements nothing is kept in memory and written by {@link #close}, which
     * syncs; cementing stays durable. A crash loses the heads since the last cementing (the store
     * still opens clean, at an older head). For bulk runs whose output is not used before they
     * finish.
     */
    ON_CLOSE
  }

  private final DataDirLock lock;
  private final Durability durability;
  /** Set when a write failed midway: the files are safe, this object is not; reopen to recover. */
  private String failedWrite;

  private BlockWriter(StoreFiles files, DataDirLock lock, Durability durability) {
    super(files);
    this.lock = lock;
    this.durability = durability;
  }

  /**
   * Creates a store in a data directory that has none, with {@code genesis} as its only block.
   * The markers file is written last: a store exists once it exists.
   */
  public static BlockWriter create(DataDir dataDir, StoreConfig config, Block genesis) {
    StoreOpening.create(dataDir, config, genesis);
    return open(dataDir);
  }

  /** Opens the store for writing, after removing what an interrupted change left behind. */
  public static BlockWriter open(DataDir dataDir) {
    return open(dataDir, Durability.EACH_HEAD);
  }

  /** {@link #open(DataDir)}, with head changes as durable as {@code durability} says. */
  public static BlockWriter open(DataDir dataDir, Durability durability) {
    DataDirLock lock = StoreOpening.lockForWriting(dataDir);
    BlockWriter writer;
    try {
      writer = new BlockWriter(StoreOpening.writerFiles(dataDir), lock, durability);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    try {
      writer.recover();
      return writer;
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /** Removes what an uncommitted change left, and finishes a committed GC that was cut short. */
  private void recover() {
    StoreCleanup.removeLeftovers(dataDir, state);
    StoreCleanup.removeUncommittedCycles(cemented, index, state);
    floating = FloatingLog.open(dataDir.floatingLog(state.floatingGeneration()), true);
    rebuildCanonical(state.markers().head()); // the head is before any torn tail...
    floating.truncateTail(); // ...so cutting the tail off loses nothing committed
    StoreCleanup.collectGarbage(config, state, cemented, index, Retention.EVERYTHING);
  }

  @Override
  boolean toleratesCollectedFiles() {
    return false;
  }

  /**
   * Adds a block (not yet canonical, not yet durable). Its predecessor must be stored, one level
   * below, and it must be above the checkpoint. Storing a block again does nothing.
   */
  public synchronized void store(Block block) {
    guarded(() -> add(block));
  }

  private void add(Block block) {
    if (contains(block.hash())) {
      return;
    }
    if (!block.hash().equals(block.header().hash())) {
      throw invalid(block, "its hash is not the hash of its header");
    }
    if (block.level() <= state.markers().checkpoint().level()) {
      throw invalid(block, "level " + block.level() + " is not above the checkpoint at level "
          + state.markers().checkpoint().level());
    }
    Optional<Integer> predecessorLevel = levelOf(block.predecessor());
    if (predecessorLevel.isEmpty()) {
      throw invalid(block, "its predecessor " + block.predecessor() + " is not stored");
    }
    if (predecessorLevel.get() != block.level() - 1) {
      throw invalid(block, "level " + block.level() + " does not follow its predecessor's level "
          + predecessorLevel.get());
    }
    floating.append(block);
  }

  /**
   * Makes {@code hash} the head: durable once this returns (unless {@link Durability#ON_CLOSE}).
   * Moves the checkpoint to head.level − 2 (never down), cements the cycles wholly at or below
   * it, and collects garbage.
   */
  public synchronized void setHead(BlockHash hash) {
    guarded(() -> moveHead(hash));
  }

  /**
   * Runs a change; a failure other than a refusal of the block leaves the disk safe but this
   * object's view in doubt, so every later change is refused until the store is reopened.
   */
  private void guarded(Runnable change) {
    if (failedWrite != null) {
      throw new StoreError.WriteFailed(dataDir.root(), failedWrite).toException();
    }
    try {
      change.run();
    } catch (RuntimeException e) {
      if (!(e instanceof CairnException typed && isRefusal(typed))) {
        failedWrite = CauseText.of(e);
      }
      throw e;
    }
  }

  private static boolean isRefusal(CairnException e) {
    return e.error() instanceof StoreError.InvalidBlock
        || e.error() instanceof StoreError.UnknownBlock;
  }

  private void moveHead(BlockHash hash) {
    Entry entry = floating.entry(hash).orElseThrow(() -> new StoreError.UnknownBlock(hash,
        "a new head must be a stored floating block").toException());
    BlockRef head = new BlockRef(hash, entry.key().level());
    BlockRef checkpoint = state.markers().checkpoint();
    NavigableMap<Integer, BlockHash> chain = extendsHead(entry) ? extendedChain(entry)
        : floatingChain(hash).orElseThrow(() -> new StoreError.InvalidBlock(hash, head.level(),
            "it does not link to the chain at the last cemented level "
                + state.cementedHighest()).toException());
    if (checkpoint.level() > state.cementedHighest()
        && !checkpoint.hash().equals(chain.get(checkpoint.level()))) {
      throw new StoreError.InvalidBlock(hash, head.level(),
          "it does not descend from the checkpoint " + checkpoint).toException();
    }
    if (durability == Durability.EACH_HEAD) {
      floating.sync();
    }
    canonicalFloating.clear();
    canonicalFloating.putAll(chain);
    int checkpointLevel = Math.max(checkpoint.level(), head.level() - 2);
    checkpoint = new BlockRef(canonicalHash(checkpointLevel).orElseThrow(), checkpointLevel);
    Markers moved = new Markers(head, checkpoint, state.markers().savepoint(),
        state.markers().caboose());
    if (!cementUpTo(moved)) {
      state = state.withMarkers(moved);
      if (durability == Durability.EACH_HEAD) {
        state.write(dataDir.markersFile());
      } // else close() writes it: a bulk run that crashes is thrown away whole
    }
  }

  /** Whether the new head's predecessor is the current head, the common case. */
  private boolean extendsHead(Entry entry) {
    BlockRef head = state.markers().head();
    return entry.key().predecessor().equals(head.hash())
        && entry.key().level() == head.level() + 1
        && (head.level() > state.cementedHighest() ? canonicalFloating.containsKey(head.level())
            : head.level() == state.cementedHighest());
  }

  /** The canonical floating chain with the new head on top: no walk down the log. */
  private NavigableMap<Integer, BlockHash> extendedChain(Entry entry) {
    NavigableMap<Integer, BlockHash> chain = new TreeMap<>(canonicalFloating);
    chain.put(entry.key().level(), entry.key().hash());
    return chain;
  }

  /** Cements every whole cycle at or below the checkpoint; false if there was none. */
  private boolean cementUpTo(Markers moved) {
    int highest = state.cementedHighest();
    int lowestStored = Math.max(1, state.markers().caboose().level());
    while (true) {
      int start = Math.max(highest + 1, lowestStored);
      int end = config.lastLevelOf(config.cycleOf(start));
      if (end > moved.checkpoint().level()) {
        break;
      }
      List<BlockHash> hashes = cemented.write(start, end,
          level -> floating.read(floating.entry(canonicalFloating.get(level)).orElseThrow()));
      index.putAll(hashes, start);
      highest = end;
    }
    if (highest == state.cementedHighest()) {
      return false;
    }
    int cementedHighest = highest;
    Retention previous = new Retention(state.markers().savepoint().level(),
        state.markers().caboose().level());
    Retention retention = Retention.after(config, cementedHighest, this::maxOperationsTtlAt,
        previous);
    long generation = state.floatingGeneration() + 1;
    Path newLog = dataDir.floatingLog(generation);
    floating.copyTo(newLog, linkedAbove(cementedHighest));
    StoreState committed = new StoreState(new Markers(moved.head(), moved.checkpoint(),
        refAt(retention.savepoint()), refAt(retention.caboose())), cementedHighest, generation);
    canonicalFloating.headMap(cementedHighest, true).clear();
    committed.write(dataDir.markersFile());
    Path oldLog = dataDir.floatingLog(state.floatingGeneration());
    state = committed;
    floating.close();
    floating = FloatingLog.open(newLog, true);
    AtomicFile.deleteDurably(oldLog);
    StoreCleanup.collectGarbage(config, state, cemented, index, previous);
    return true;
  }

  /**
   * The floating entries above {@code level} that still link to the canonical block there, in log
   * order: a side branch that forked at or below it can never become canonical, and is dropped
   * whole, so that every floating block keeps a stored predecessor.
   */
  private List<Entry> linkedAbove(int level) {
    Set<BlockHash> linked = new HashSet<>();
    linked.add(canonicalFloating.get(level));
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : floating.entries()) { // a predecessor is always logged before its children
      if (entry.key().level() > level && linked.contains(entry.key().predecessor())) {
        linked.add(entry.key().hash());
        kept.add(entry);
      }
    }
    return kept;
  }

  private int maxOperationsTtlAt(int level) {
    return canonicalBlock(level, Fetch.BLOCK_AND_METADATA).flatMap(Block::metadata)
        .map(BlockMetadata::maxOperationsTtl)
        .orElse(0);
  }

  private BlockRef refAt(int level) {
    return new BlockRef(canonicalHash(level).orElseThrow(), level);
  }

  /** Replaces the protocol levels table, atomically. */
  public synchronized void setProtocolLevels(ProtocolLevels levels) {
    if (failedWrite != null) {
      throw new StoreError.WriteFailed(dataDir.root(), failedWrite).toException();
    }
    AtomicFile.write(dataDir.protocolLevelsFile(), levels.encode());
    protocolLevels = levels;
  }

  private static RuntimeException invalid(Block block, String reason) {
    return new StoreError.InvalidBlock(block.hash(), block.level(), reason).toException();
  }

  @Override
  public synchronized void close() {
    try {
      if (durability == Durability.ON_CLOSE && failedWrite == null && floating != null) {
        floating.sync();
        state.write(dataDir.markersFile());
      }
    } finally {
      try {
        closeFiles();
      } finally {
        lock.close();
      }
    }
  }
}
