package dev.cairn.store;

import dev.cairn.error.CairnException;
import dev.cairn.store.CementedCycles.Range;
import dev.cairn.store.FloatingLog.Entry;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What can be read of a block store: markers, blocks by hash, level or {@code head~N}, cycles,
 * cemented files and floating keys. The read half of the store, and a type of its own, so that
 * code that only reads (export, {@code node info}, {@code store check}, the validator's look-ups)
 * cannot write: a {@link BlockReader} (opened beside a writer, or pinned) is only this, and a
 * {@link BlockWriter} is this and the operations that change the store.
 *
 * <p>Both read the same index: the committed state ({@link StoreState}), the cemented files and
 * their hash index, the floating log, and the canonical floating chain built from the head down.
 * Reads are synchronized with the writer's changes.
 */
public abstract sealed class BlockView implements AutoCloseable permits BlockReader, BlockWriter {

  final DataDir dataDir;
  final StoreConfig config;
  final CementedIndex index;
  final CementedCycles cemented;
  final Block genesis;
  final NavigableMap<Integer, BlockHash> canonicalFloating = new TreeMap<>();
  FloatingLog floating;
  StoreState state;
  ProtocolLevels protocolLevels;

  BlockView(StoreFiles files) {
    this.dataDir = files.dataDir();
    this.config = files.config();
    this.index = files.index();
    this.cemented = files.cemented();
    this.genesis = files.genesis();
    this.floating = files.floating();
    this.state = files.state();
    this.protocolLevels = files.protocolLevels();
  }

  /**
   * Whether a cemented file that vanished is read as absent: a reader's view, beside a writer
   * whose GC may delete it, says yes; the writer, which alone deletes, says no.
   */
  abstract boolean toleratesCollectedFiles();

  /** Builds the canonical floating chain from {@code head} down; {@code Corrupted_store} if broken. */
  final void rebuildCanonical(BlockRef head) {
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
  final Optional<NavigableMap<Integer, BlockHash>> floatingChain(BlockHash top) {
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
   * A read of cemented data; empty if the file is gone and this view {@link
   * #toleratesCollectedFiles tolerates that} (a reader that a writer's GC overtook; a pinned
   * reader's links never go).
   */
  private <T> Optional<T> unlessCollected(Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (CairnException e) {
      if (toleratesCollectedFiles() && e.getCause() instanceof NoSuchFileException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  final Optional<Integer> levelOf(BlockHash hash) {
    if (hash.equals(genesis.hash())) {
      return Optional.of(0);
    }
    Optional<Entry> entry = floating.entry(hash);
    if (entry.isPresent()) {
      return Optional.of(entry.get().key().level());
    }
    return index.level(hash).filter(level -> level <= state.cementedHighest());
  }

  /**
   * A cemented file as a view finds it: the levels it covers and where its bytes are.
   *
   * @param path the file; a pinned reader's link, which stays while the reader is open
   */
  public record CementedFile(int start, int end, Path path) {}

  /** The committed cemented files, in level order. */
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

  /** Checks the whole store; see {@link StoreCheck}. Returns every fault found, in order. */
  public synchronized List<String> check() {
    return new StoreCheck(this).run();
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

  /** Closes the files this view holds. */
  final void closeFiles() {
    try {
      if (floating != null) {
        floating.close();
      }
    } finally {
      index.close();
    }
  }

  @Override
  public abstract void close();
}
