package dev.cairn.rollup;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.store.BlockReader;
import dev.cairn.store.Fetch;
import dev.cairn.store.StoreError;
import dev.cairn.store.block.Block;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.ChainId;
import dev.cairn.validator.ledger.Ledger;
import dev.cairn.validator.protocol.TestnetProtocols;
import dev.cairn.validator.rollup.RollupLedger;
import dev.cairn.validator.rollup.RollupRules;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An L1 data directory as the rollup node reads it: read-only, beside its node. Its blocks come
 * from a {@link BlockReader} reopened by {@link #refresh} (a reader sees the store as of its
 * opening); its rollup state from the head's context, read through a read-only context that
 * sees each new commit.
 */
public final class L1View implements AutoCloseable {

  private final DataDir dataDir;
  private final LmdbContext context;
  private BlockReader store;
  private Block head;

  private L1View(DataDir dataDir, LmdbContext context) {
    this.dataDir = dataDir;
    this.context = context;
  }

  /** Opens {@code dataDir}; {@code Invalid_data_dir} if it holds no store. */
  public static L1View open(DataDir dataDir, Path scratch) {
    LmdbContext context = LmdbContext.openReadOnly(dataDir.contextDir(), scratch);
    L1View view = new L1View(dataDir, context);
    try {
      view.refresh();
    } catch (RuntimeException e) {
      view.close();
      throw e;
    }
    return view;
  }

  /** Reads the store again: its new head and the blocks up to it. */
  void refresh() {
    if (store != null) {
      store.close();
      store = null;
    }
    store = BlockReader.open(dataDir);
    head = store.block(store.markers().head().hash(), Fetch.BLOCK).orElseThrow(() ->
        new StoreError.CorruptedStore("the head " + store.markers().head() + " is not stored")
            .toException());
  }

  public Path root() {
    return dataDir.root();
  }

  public ChainId chainId() {
    return store.config().chainId();
  }

  /** The highest final level: the checkpoint's. Blocks at or below it are never replaced. */
  public int finalLevel() {
    return store.markers().checkpoint().level();
  }

  /** The canonical block at {@code level}; {@code Missing_l1_block} if no longer stored. */
  public Block block(int level) {
    return store.canonicalBlock(level, Fetch.BLOCK).orElseThrow(() ->
        new RollupError.MissingL1Block(level, dataDir.root()).toException());
  }

  /** The head's level. */
  public int headLevel() {
    return head.level();
  }

  /** The rollups' state at the head. */
  public RollupLedger rollups() {
    return new RollupLedger(context.checkout(head.header().context()));
  }

  /** The rollup rules of the protocol at the head; empty before smart rollups. */
  public Optional<RollupRules> rules() {
    return new Ledger(context.checkout(head.header().context())).protocol()
        .flatMap(TestnetProtocols::rules).flatMap(r -> r.rollups());
  }

  @Override
  public void close() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      context.close();
    }
  }
}
