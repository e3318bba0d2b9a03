package dev.cairn.store;

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
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
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

  private BlockStore(DataDir dataDir, StoreConfig config, DataDirLock lock, CementedIndex index,
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
    if (genesis.level() != 0 || !genesis.hash().equals(config.genesisBlock())
        || !genesis.hash().equals(genesis.header().hash())) {
      throw new StoreError.InvalidBlock(genesis.hash().toString(),
          "not the genesis block that the config names").toException();
    }
    DataDirLock lock = dataDir.lockForWriting();
    try {
      if (Files.exists(dataDir.markersFile())) {
        throw new StoreError.InvalidDataDir(dataDir.root(), "it already holds a store")
            .toException();
      }
      deleteTree(dataDir.storeDir());
      Files.createDirectories(dataDir.floatingDir());
      Files.createDirectories(dataDir.cementedMetadataDir());
      dataDir.writeConfig(config);
      AtomicFile.write(dataDir.genesisFile(), BlockCodec.encode(genesis, true));
      AtomicFile.write(dataDir.protocolLevelsFile(), ProtocolLevels.EMPTY.encode());
      AtomicFile.write(dataDir.floatingLog(0), new byte[0]);
      CementedIndex.open(dataDir.indexDir(), true).close();
      new StoreState(Markers.allAt(BlockRef.of(genesis)), 0, 0).write(dataDir.markersFile());
    } catch (IOException e) {
      lock.close();
      throw StoreError.StoreIoFailure.of(dataDir.storeDir(), "create", e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    lock.close();
    return open(dataDir);
  }

  /** Opens the store for writing, after removing what an interrupted change left behind. */
  public static BlockStore open(DataDir dataDir) {
    DataDirLock lock = dataDir.lockForWriting();
    BlockStore store;
    try {
      StoreConfig config = dataDir.readConfig();
      StoreState state = readState(dataDir);
      Block genesis = readGenesis(dataDir);
      ProtocolLevels levels = readProtocolLevels(dataDir);
      CementedCycles cemented = CementedCycles.open(dataDir);
      store = new BlockStore(dataDir, config, lock, CementedIndex.open(dataDir.indexDir(), true),
          cemented, genesis, null, state, levels);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
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
    StoreConfig config = dataDir.readConfig();
    Block genesis = readGenesis(dataDir);
    for (int attempt = 1; ; attempt++) {
      StoreState state = readState(dataDir);
      FloatingLog floating;
      try {
        floating = FloatingLog.open(dataDir.floatingLog(state.floatingGeneration()), false);
      } catch (RuntimeException e) {
        if (attempt < READER_ATTEMPTS && !Files.exists(
            dataDir.floatingLog(state.floatingGeneration()))) {
          continue;
        }
        throw e;
      }
      CementedCycles cemented = CementedCycles.open(dataDir);
      cemented.ranges().values().removeIf(r -> r.end() > state.cementedHighest());
      CementedIndex index;
      try {
        index = CementedIndex.open(dataDir.indexDir(), false);
      } catch (RuntimeException e) {
        floating.close();
        throw e;
      }
      BlockStore store = new BlockStore(dataDir, config, null, index, cemented, genesis, floating,
          state, readProtocolLevels(dataDir));
      try {
        store.rebuildCanonical(state.markers().head());
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      return store;
    }
  }

  private static StoreState readState(DataDir dataDir) {
    if (!Files.isRegularFile(dataDir.markersFile())) {
      throw new StoreError.InvalidDataDir(dataDir.root(), "it holds no store").toException();
    }
    return StoreState.read(dataDir.markersFile());
  }

  private static Block readGenesis(DataDir dataDir) {
    return BlockCodec.decode(readSmallFile(dataDir.genesisFile()), "genesis block");
  }

  private static ProtocolLevels readProtocolLevels(DataDir dataDir) {
    return ProtocolLevels.decode(BinaryReader.of(readSmallFile(dataDir.protocolLevelsFile()),
        "protocol levels"));
  }

  private static byte[] readSmallFile(Path file) {
    try {
      if (Files.size(file) > BlockCodec.MAX_BYTES) {
        throw new StoreError.CorruptedStore(file + " is larger than any store file can be")
            .toException();
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "read", e);
    }
  }

  /** Removes what an uncommitted change left, and finishes a committed GC that was cut short. */
  private void recover() {
    try {
      for (Path dir : List.of(dataDir.storeDir(), dataDir.floatingDir(), dataDir.cementedDir(),
          dataDir.cementedMetadataDir())) {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.toList()) {
            String name = file.getFileName().toString();
            boolean staleLog = dir.equals(dataDir.floatingDir())
                && !name.equals(Long.toString(state.floatingGeneration()));
            boolean orphanMetadata = dir.equals(dataDir.cementedMetadataDir())
                && DataDir.parseCementedName(name)
                    .map(r -> !Files.exists(dataDir.cementedFile(r[0], r[1])))
                    .orElse(false);
            if (name.endsWith(AtomicFile.PART_SUFFIX) || staleLog || orphanMetadata) {
              AtomicFile.deleteDurably(file);
            }
          }
        }
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dataDir.storeDir(), "recover", e);
    }
    for (Range range : List.copyOf(cemented.ranges().values())) {
      if (range.end() > state.cementedHighest()) {
        index.removeAll(cemented.readHashes(range));
        cemented.delete(range);
      }
    }
    floating = FloatingLog.open(dataDir.floatingLog(state.floatingGeneration()), true);
    rebuildCanonical(state.markers().head());
    collectGarbage();
  }

  private void rebuildCanonical(BlockRef head) {
    canonicalFloating.clear();
    canonicalFloating.putAll(floatingChain(head.hash()));
  }

  /**
   * The floating blocks from {@code top} down to the bottom of the floating part, by level. The
   * bottom must link to the last cemented block (or genesis), unless it is the caboose itself, as
   * in a store whose oldest blocks were never cemented here.
   */
  private NavigableMap<Integer, BlockHash> floatingChain(BlockHash top) {
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
    if (!linked) {
      throw new StoreError.CorruptedStore("the chain from " + top
          + " does not link to the last cemented block at level " + cementedHighest)
          .toException();
    }
    return chain;
  }

  // ---- writing ----

  /**
   * Adds a block (not yet canonical, not yet durable). Its predecessor must be stored, one level
   * below, and it must be above the checkpoint. Storing a block again does nothing.
   */
  public synchronized void store(Block block) {
    requireWritable();
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
    Entry entry = floating.entry(hash).orElseThrow(() ->
        new StoreError.UnknownBlock(hash + " (a new head must be a stored floating block)")
            .toException());
    BlockRef head = new BlockRef(hash, entry.key().level());
    BlockRef checkpoint = state.markers().checkpoint();
    NavigableMap<Integer, BlockHash> chain = floatingChain(hash);
    if (checkpoint.level() > state.cementedHighest()
        && !checkpoint.hash().equals(chain.get(checkpoint.level()))) {
      throw new StoreError.InvalidBlock(hash.toString(),
          "it does not descend from the checkpoint " + checkpoint).toException();
    }
    floating.sync();
    canonicalFloating.clear();
    canonicalFloating.putAll(chain);
    int checkpointLevel = Math.max(checkpoint.level(), head.level() - 2);
    checkpoint = new BlockRef(canonicalHash(checkpointLevel).orElseThrow(), checkpointLevel);
    Markers moved = new Markers(head, checkpoint, state.markers().savepoint(),
        state.markers().caboose());
    if (!cementUpTo(moved)) {
      state = state.withMarkers(moved);
      state.write(dataDir.markersFile());
    }
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
      List<Block> blocks = new ArrayList<>(end - start + 1);
      for (int level = start; level <= end; level++) {
        blocks.add(floating.read(floating.entry(canonicalFloating.get(level)).orElseThrow()));
      }
      cemented.write(blocks, true);
      index.putAll(blocks.stream().map(Block::hash).toList(), start);
      highest = end;
    }
    if (highest == state.cementedHighest()) {
      return false;
    }
    int cementedHighest = highest;
    Retention previous = new Retention(state.markers().savepoint().level(),
        state.markers().caboose().level());
    Retention retention = Retention.after(config, cementedHighest, this::maxOperationsTtlAt)
        .atLeast(previous);
    long generation = state.floatingGeneration() + 1;
    Path newLog = dataDir.floatingLog(generation);
    floating.copyTo(newLog, floating.entries().stream()
        .filter(e -> e.key().level() > cementedHighest).toList());
    StoreState committed = new StoreState(new Markers(moved.head(), moved.checkpoint(),
        refAt(retention.savepoint()), refAt(retention.caboose())), cementedHighest, generation);
    canonicalFloating.headMap(cementedHighest, true).clear();
    committed.write(dataDir.markersFile());
    Path oldLog = dataDir.floatingLog(state.floatingGeneration());
    state = committed;
    floating.close();
    floating = FloatingLog.open(newLog, true);
    AtomicFile.deleteDurably(oldLog);
    collectGarbage();
    return true;
  }

  private int maxOperationsTtlAt(int level) {
    return canonicalBlock(level, Fetch.BLOCK_AND_METADATA).flatMap(Block::metadata)
        .map(BlockMetadata::maxOperationsTtl)
        .orElse(0);
  }

  private BlockRef refAt(int level) {
    return new BlockRef(canonicalHash(level).orElseThrow(), level);
  }

  /** Deletes what the committed markers no longer keep. Idempotent: recovery runs it again. */
  private void collectGarbage() {
    HistoryMode.Kind kind = config.historyMode().kind();
    if (kind == HistoryMode.Kind.ARCHIVE) {
      return;
    }
    int savepoint = state.markers().savepoint().level();
    int caboose = state.markers().caboose().level();
    for (Range range : List.copyOf(cemented.ranges().values())) {
      if (kind == HistoryMode.Kind.ROLLING && range.end() < caboose) {
        index.removeAll(cemented.readHashes(range));
        cemented.delete(range);
      } else if (range.end() < savepoint && cemented.hasMetadata(range)) {
        cemented.deleteMetadata(range);
      }
    }
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
    return cemented.rangeOf(level).map(range -> cementedHash(range, level));
  }

  private BlockHash cementedHash(Range range, int level) {
    return cemented.readBlock(range, level).hash();
  }

  private Optional<Block> cementedBlock(int level, Fetch fetch) {
    Optional<Range> range = cemented.rangeOf(level);
    if (range.isEmpty() || level > state.cementedHighest()) {
      return Optional.empty();
    }
    try {
      Block block = cemented.readBlock(range.get(), level);
      return Optional.of(fetch == Fetch.BLOCK ? block
          : block.withMetadata(cemented.readMetadata(range.get(), level)));
    } catch (RuntimeException e) {
      if (lock == null && e.getCause() instanceof NoSuchFileException) {
        return Optional.empty(); // a reader's view: the writer has collected it since
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
  }

  private static RuntimeException invalid(Block block, String reason) {
    return new StoreError.InvalidBlock(block.hash() + " at level " + block.level(), reason)
        .toException();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Override
  public synchronized void close() {
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
      }
    }
  }
}
