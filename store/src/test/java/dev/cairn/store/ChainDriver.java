package dev.cairn.store;

import dev.cairn.store.block.Block;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.synthetic.SyntheticChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a store the way a node would: one canonical block at a time, with side branches now and
 * then, keeping a model of what was added for the tests to compare with.
 */
final class ChainDriver implements AutoCloseable {

  static final int BLOCKS_PER_CYCLE = 8;
  static final int PRESERVATION_CYCLES = 1;
  static final int MAX_OPERATIONS_TTL = 8;

  final SyntheticChain chain;
  final BlockWriter store;
  final List<Block> canonical = new ArrayList<>();
  final List<SideBlock> sideBlocks = new ArrayList<>();

  /** A block off the main chain, and the level of the canonical block its branch forked from. */
  record SideBlock(Block block, int forkLevel) {}

  private ChainDriver(SyntheticChain chain, BlockWriter store) {
    this.chain = chain;
    this.store = store;
    canonical.add(store.genesis());
  }

  static ChainDriver create(Path dir, HistoryMode mode, long seed) {
    SyntheticChain chain = new SyntheticChain(seed, 6, MAX_OPERATIONS_TTL);
    BlockWriter store = BlockWriter.create(DataDir.at(dir),
        chain.config("synthetic", mode, BLOCKS_PER_CYCLE, PRESERVATION_CYCLES), chain.genesis());
    return new ChainDriver(chain, store);
  }

  Block head() {
    return canonical.get(canonical.size() - 1);
  }

  /** Adds the next canonical block (with a side branch every seventh level) and makes it head. */
  Block advance() {
    Block parent = head();
    if (parent.level() % 7 == 3) {
      Block side = chain.child(parent, 1);
      store.store(side);
      sideBlocks.add(new SideBlock(side, parent.level()));
      if (parent.level() % 21 == 3) {
        Block sideChild = chain.next(side);
        store.store(sideChild);
        sideBlocks.add(new SideBlock(sideChild, parent.level()));
      }
    }
    Block next = chain.next(parent);
    store.store(next);
    store.setHead(next.hash());
    canonical.add(next);
    return next;
  }

  void advance(int blocks) {
    for (int i = 0; i < blocks; i++) {
      advance();
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
