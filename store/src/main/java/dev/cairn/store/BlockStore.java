package dev.cairn.store;

import dev.cairn.error.CairnException;
import dev.cairn.error.StoreError;
import dev.cairn.store.CementedCycles.Range;
import dev.cairn.store.FloatingLog.Entry;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirLock;
import dev.cairn.store.hash.BlockHash;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The block store of one data directory: floating blocks, cemented cycles, the index, the markers.
 *
 * <p>A writer ({@link #create}, {@link #open}) holds the data directory's lock; a reader ({@link
 * #openReadOnly}) takes none and sees the store as it was when it opened. Blocks are added with
 * {@link #store} and become the chain with {@link #setHead}, which moves the checkpoint to
 * head.level − 2, cements every cycle wholly at or below it, and collects garbage as the history
 * mode says. Each such change commits by rewriting {@code store/markers} atomically, after the files
 * it refers to are durable; files that no committed marker refers to are removed on the next open.
 * See {@link StoreState} for the commit point and {@link Retention} for the GC rule.
 */
public final class BlockStore implements AutoCloseable {

  private static final int READER_ATTEMPTS = 5;

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

  private final DataDir dataDir;
  private final StoreConfig config;
  private final DataDirLock lock;
  private final CementedIndex index;
  private final CementedCycles cemented;
  private final Block genesis;
  private final NavigableMap<Integer, BlockHash> canonicalFloating = new TreeMap<>();
  private FloatingLog floating;
  private StoreState state;
  private ProtocolLevels protocolLevels;
  /** Set when a write failed midway: the files are safe, this object is not; reopen to recover. */
  private String failedWrite;
  private Durability durability = Durability.EACH_HEAD;
  /** The directory of a pinned reader's links, removed on close; else null. */
  private Path pinDir;

  BlockStore(DataDir dataDir, StoreConfig config, DataDirLock lock, CementedIndex index,
      CementedCycles cemented, Block genesis, FloatingLog floating, StoreState state,
      ProtocolLevels protocolLevels) {
    this.dataDir = dataDir;
    this.config = config;
    this.lock = lock;
    this.index = index;
    this.cemented = cemented;
    this.genesis = genesis;
    this.floating = floating;
    this.state = state;
    this.protocolLevels = protocolLevels;
  }

  /**
   * Creates a store in a data directory that has none, with {@code genesis} as its only block.
   * The markers file is written last: a store exists once it exists.
   */
  public static BlockStore create(DataDir dataDir, StoreConfig config, Block genesis) {
    StoreOpening.create(dataDir, config, genesis);
    return open(dataDir);
  }

  /** Opens the store for writing, after removing what an interrupted change left behind. */
  public static BlockStore open(DataDir dataDir) {
    return open(dataDir, Durability.EACH_HEAD);
  }

  /** {@link #open(DataDir)}, with head changes as durable as {@code durability} says. */
  public static BlockStore open(DataDir dataDir, Durability durability) {
    BlockStore store = StoreOpening.openForWriting(dataDir);
    store.durability = durability;
    try {
      store.recover();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Opens the store for reading beside a writer, as of now. A reader that races a writer's
   * floating log switch reads the markers again.
   */
  public static BlockStore openReadOnly(DataDir dataDir) {
    return openForReading(dataDir, false);
  }

  /**
   * A reader, pinned or not. A writer that moves fast can collect what the reader's markers name
   * before the reader has read it (a rolling store deletes cemented files): the chain then does
   * not link up, and the reader reads the markers again, up to five times. A pinned reader links
   * the files first, so what it then reads cannot go.
   */
  private static BlockStore openForReading(DataDir dataDir, boolean pin) {
    for (int attempt = 1; ; attempt++) {
      BlockStore store = StoreOpening.openForReading(dataDir);
      Path pinDir = null;
      try {
        if (pin) {
          pinDir = PinnedFiles.newDirectory(dataDir);
          store.pinDir = pinDir;
          store.cemented.pinTo(pinDir);
        }
        store.rebuildCanonical(store.state.markers().head());
        return store;
      } catch (java.nio.file.NoSuchFileException e) {
        store.close();
        if (attempt == READER_ATTEMPTS) {
          throw StoreError.StoreIoFailure.of(dataDir.cementedDir(), "pin", e);
        }
      } catch (java.io.IOException e) {
        store.close();
        throw StoreError.StoreIoFailure.of(pinDir, "pin", e);
      } catch (CairnException e) {
        store.close();
        if (attempt == READER_ATTEMPTS || !(e.error() instanceof StoreError.CorruptedStore)) {
          throw e;
        }
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }
  }

  /**
   * A cemented file as a reader finds it: the levels it covers and where its bytes are.
   *
   * @param path the file, which a pinned view has linked so that it stays while the view is open
   */
  public record CementedFile(int start, int end, Path path) {}

  /**
   * {@link #openReadOnly}, with what a writer beside it could delete kept readable: in a rolling
   * store, whose GC deletes cemented files, every committed cemented file (and its metadata) is
   * hard-linked into a directory of this view's own under the data directory, removed again by
   * {@link #close}. A full or archive store's GC never deletes a cemented block file (only
   * metadata files, which a reader that lost one sees as absent metadata), so nothing is linked
   * there. A writer beside it may then cement, collect and delete as it likes: the blocks this
   * view saw stay readable, so an export of a block it saw completes. Links left by a killed
   * reader are removed by the next pinned open.
   */
  public static BlockStore openPinned(DataDir dataDir) {
    PinnedFiles.removeStale(dataDir);
    return openForReading(dataDir,
        dataDir.readConfig().historyMode().kind() == HistoryMode.Kind.ROLLING);
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

  private void rebuildCanonical(BlockRef head) {
    canonicalFloating.clear();
    canonicalFloating.putAll(floatingChain(head.hash()).orElseThrow(() ->
        new StoreError.CorruptedStore("the chain from the head " + head
            + " does not link to the last cemented block at level " + state.cementedHighest())
            .toException()));
  }

  /**
   * The floating blocks from {@code top} down to the bottom of the floating part, by level; empty
   * if the bottom does not link to the last cemented block (or genesis), unless it is the caboose
   * itself, as in a store whose oldest blocks were never cemented here.
   */
  private Optional<NavigableMap<Integer, BlockHash>> floatingChain(BlockHash top) {
    NavigableMap<Integer, BlockHash> chain = new TreeMap<>();
    BlockHash below = top;
    for (Optional<Entry> entry = floating.entry(below); entry.isPresent();
        entry = floating.entry(below)) {
      chain.put(entry.get().key().level(), below);
      below = entry.get().key().predecessor();
    }
    int cementedHighest = state.cementedHighest();
    BlockRef caboose = state.markers().caboose();
    boolean linked = chain.isEmpty()
        ? canonicalHash(cementedHighest).map(top::equals).orElse(false)
        : (chain.firstKey() == cementedHighest + 1
                && canonicalHash(cementedHighest).map(below::equals).orElse(false))
            || (chain.firstKey() == caboose.level()
                && caboose.hash().equals(chain.firstEntry().getValue()));
    return linked ? Optional.of(chain) : Optional.empty();
  }

  // ---- writing ----

  /**
   * Adds a block (not yet canonical, not yet durable). Its predecessor must be stored, one level
   * below, and it must be above the checkpoint. Storing a block again does nothing.
   */
  public synchronized void store(Block block) {
    requireWritable();
    try {
      add(block);
    } catch (RuntimeException e) {
      if (!(e instanceof CairnException typed && isRefusal(typed))) {
        failedWrite = e.getMessage();
      }
      throw e;
    }
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
   * Makes {@code hash} the head: durable once this returns. Moves the checkpoint to head.level − 2
   * (never down), cements the cycles wholly at or below it, and collects garbage.
   */
  public synchronized void setHead(BlockHash hash) {
    requireWritable();
    try {
      moveHead(hash);
    } catch (RuntimeException e) {
      if (!(e instanceof CairnException typed && isRefusal(typed))) {
        failedWrite = e.getMessage(); // disk state is safe; this object's view may not be
      }
      throw e;
    }
  }

  private static boolean isRefusal(CairnException e) {
    return e.error() instanceof StoreError.InvalidBlock || e.error() instanceof StoreError.UnknownBlock;
  }

  private void moveHead(BlockHash hash) {
    Entry entry = floating.entry(hash).orElseThrow(() ->
        new StoreError.UnknownBlock(hash + " (a new head must be a stored floating block)")
            .toException());
    BlockRef head = new BlockRef(hash, entry.key().level());
    BlockRef checkpoint = state.markers().checkpoint();
    NavigableMap<Integer, BlockHash> chain = extendsHead(entry) ? extendedChain(entry)
        : floatingChain(hash).orElseThrow(() -> new StoreError.InvalidBlock(hash.toString(),
            "it does not link to the chain at the last cemented level "
                + state.cementedHighest()).toException());
    if (checkpoint.level() > state.cementedHighest()
        && !checkpoint.hash().equals(chain.get(checkpoint.level()))) {
      throw new StoreError.InvalidBlock(hash.toString(),
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
    requireWritable();
    AtomicFile.write(dataDir.protocolLevelsFile(), levels.encode());
    protocolLevels = levels;
  }

  // ---- reading ----

  public StoreConfig config() {
    return config;
  }

  public DataDir dataDir() {
    return dataDir;
  }

  public synchronized Markers markers() {
    return state.markers();
  }

  /** The level of the last cemented block, or 0 when nothing is cemented. */
  public synchronized int cementedHighestLevel() {
    return state.cementedHighest();
  }

  public synchronized ProtocolLevels protocolLevels() {
    return protocolLevels;
  }

  public Block genesis() {
    return genesis;
  }

  public synchronized boolean contains(BlockHash hash) {
    return levelOf(hash).isPresent();
  }

  /** A stored block by hash, with its metadata if the store keeps it. */
  public Optional<Block> block(BlockHash hash) {
    return block(hash, Fetch.BLOCK_AND_METADATA);
  }

  /** A stored block by hash; {@code fetch} says whether to read its metadata. */
  public synchronized Optional<Block> block(BlockHash hash, Fetch fetch) {
    if (hash.equals(genesis.hash())) {
      return Optional.of(genesis);
    }
    Optional<Entry> entry = floating.entry(hash);
    if (entry.isPresent()) {
      return Optional.of(trim(floating.read(entry.get()), fetch));
    }
    return index.level(hash).flatMap(level -> cementedBlock(level, fetch));
  }

  /** The canonical block at {@code level}, with its metadata if the store keeps it. */
  public Optional<Block> canonicalBlock(int level) {
    return canonicalBlock(level, Fetch.BLOCK_AND_METADATA);
  }

  /** The canonical block at {@code level}; {@code fetch} says whether to read its metadata. */
  public synchronized Optional<Block> canonicalBlock(int level, Fetch fetch) {
    if (level == 0) {
      return Optional.of(genesis);
    }
    if (level <= state.cementedHighest()) {
      return cementedBlock(level, fetch);
    }
    BlockHash hash = canonicalFloating.get(level);
    return hash == null ? Optional.empty()
        : floating.entry(hash).map(e -> trim(floating.read(e), fetch));
  }

  private static Block trim(Block block, Fetch fetch) {
    return fetch == Fetch.BLOCK ? block.withoutMetadata() : block;
  }

  /** {@code head~n}: the canonical block {@code n} levels below the head. */
  public synchronized Optional<Block> headAncestor(int n) {
    int level = state.markers().head().level() - n;
    return n < 0 || level < 0 ? Optional.empty() : canonicalBlock(level);
  }

  /** The stored canonical blocks of {@code cycle}, in level order, read lazily. */
  public Stream<Block> cycle(int cycle, Fetch fetch) {
    return IntStream.rangeClosed(config.firstLevelOf(cycle), config.lastLevelOf(cycle))
        .mapToObj(level -> canonicalBlock(level, fetch)).flatMap(Optional::stream);
  }

  /** The canonical hash at {@code level}, if that level is stored. */
  public synchronized Optional<BlockHash> canonicalHash(int level) {
    if (level == 0) {
      return Optional.of(genesis.hash());
    }
    if (level > state.cementedHighest()) {
      return Optional.ofNullable(canonicalFloating.get(level));
    }
    return cemented.rangeOf(level).flatMap(range ->
        unlessCollected(() -> cemented.readHash(range, level)));
  }

  private Optional<Block> cementedBlock(int level, Fetch fetch) {
    Optional<Range> range = cemented.rangeOf(level);
    if (range.isEmpty() || level > state.cementedHighest()) {
      return Optional.empty();
    }
    return unlessCollected(() -> cemented.readBlock(range.get(), level)).map(block ->
        fetch == Fetch.BLOCK ? block : block.withMetadata(
            unlessCollected(() -> cemented.readMetadata(range.get(), level)).flatMap(m -> m)));
  }

  /**
   * A read of cemented data; for a reader, empty if the writer has collected that file since the
   * reader opened (the reader's view does not pin files: see package-info).
   */
  private <T> Optional<T> unlessCollected(Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (CairnException e) {
      if (lock == null && e.getCause() instanceof NoSuchFileException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<Integer> levelOf(BlockHash hash) {
    if (hash.equals(genesis.hash())) {
      return Optional.of(0);
    }
    Optional<Entry> entry = floating.entry(hash);
    if (entry.isPresent()) {
      return Optional.of(entry.get().key().level());
    }
    return index.level(hash).filter(level -> level <= state.cementedHighest());
  }

  /** The committed cemented files, in level order (a pinned view's links). */
  public synchronized List<CementedFile> cementedFiles() {
    return cemented.ranges().values().stream()
        .filter(range -> range.end() <= state.cementedHighest())
        .map(range -> new CementedFile(range.start(), range.end(), cemented.blocksFile(range)))
        .toList();
  }

  /**
   * The floating blocks (above the cemented cycles, side branches included), each as its hash,
   * level and predecessor, in the order they were stored.
   */
  public synchronized List<BlockCodec.BlockKey> floatingBlocks() {
    return floating.entries().stream().map(Entry::key).toList();
  }

  // ---- for StoreCheck ----

  synchronized List<Entry> floatingEntries() {
    return List.copyOf(floating.entries());
  }

  synchronized Block readFloating(Entry entry) {
    return floating.read(entry);
  }

  CementedCycles cementedCycles() {
    return cemented;
  }

  CementedIndex cementedIndex() {
    return index;
  }

  /** Checks the whole store; see {@link StoreCheck}. Returns every fault found, in order. */
  public synchronized List<String> check() {
    return new StoreCheck(this).run();
  }

  private void requireWritable() {
    if (lock == null) {
      throw new IllegalStateException("this store was opened read-only");
    }
    if (failedWrite != null) {
      throw new StoreError.WriteFailed(dataDir.root(), failedWrite).toException();
    }
  }

  private static RuntimeException invalid(Block block, String reason) {
    return new StoreError.InvalidBlock(block.hash() + " at level " + block.level(), reason)
        .toException();
  }

  @Override
  public synchronized void close() {
    try {
      if (lock != null && durability == Durability.ON_CLOSE && failedWrite == null
          && floating != null) {
        floating.sync();
        state.write(dataDir.markersFile());
      }
    } finally {
      closeFiles();
    }
  }

  private void closeFiles() {
    try {
      if (floating != null) {
        floating.close();
      }
    } finally {
      try {
        index.close();
      } finally {
        if (lock != null) {
          lock.close();
        }
        if (pinDir != null) {
          PinnedFiles.delete(pinDir);
        }
      }
    }
  }
}
