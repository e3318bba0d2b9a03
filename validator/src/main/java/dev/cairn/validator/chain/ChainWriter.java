package dev.cairn.validator.chain;

import dev.cairn.context.Context;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.store.BlockWriter;
import dev.cairn.store.Fetch;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.Operation;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.validator.BlockValidator.Applied;
import dev.cairn.validator.BlockValidator.Baked;
import dev.cairn.validator.BlockValidator.Predecessor;
import dev.cairn.validator.BlockValidator;
import dev.cairn.validator.ContextRetention;
import dev.cairn.validator.Receipts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's write path: the one owner of a data directory's store and context while it applies or
 * bakes blocks. A block is validated on its predecessor's context ({@link BlockValidator}), its
 * new state committed, the block stored with its metadata, and, when it is the new best block,
 * made the head; the store then cements and prunes as the history mode says, and the context is
 * collected as {@link GcPolicy} says, keeping what {@link ContextRetention} keeps.
 *
 * <p>Order of durability, per block: the context commit (synced), then the block, then the head
 * (with the protocol table just before it). A crash between them leaves a commit that nothing
 * refers to, or a block whose context is there, never a head or a block whose context is
 * missing. A head change that leaves the chain (a reorganisation) rewrites the protocol table's
 * rows above the fork from the new branch. In {@link Durability#AT_CLOSE} the context and the head are flushed only on {@link
 * #close} (cementing stays durable as it happens): for fixture generation, whose output is not used
 * before it is complete.
 */
public final class ChainWriter implements AutoCloseable {

  /** When the context's commits reach the disk. */
  public enum Durability {
    /** Before every head change: what a running node needs. */
    EACH_BLOCK,
    /** On close: for bulk generation, where an interrupted run is thrown away anyway. */
    AT_CLOSE
  }

  private final BlockWriter store;
  private final Context context;
  private final BlockValidator validator;
  private final Durability durability;
  private final GcPolicy gcPolicy;
  private long writtenAtLastGc;
  private long reachableAtLastGc;

  private ChainWriter(BlockWriter store, Context context, Durability durability,
      GcPolicy gcPolicy) {
    this.store = store;
    this.context = context;
    this.validator = new BlockValidator(store.config().chainId());
    this.durability = durability;
    this.gcPolicy = gcPolicy;
  }

  /** Opens the data directory's store (taking its lock) and context for writing. */
  public static ChainWriter open(DataDir dataDir, Durability durability, GcPolicy gcPolicy) {
    BlockWriter store = BlockWriter.open(dataDir, durability == Durability.EACH_BLOCK
        ? BlockWriter.Durability.EACH_HEAD : BlockWriter.Durability.ON_CLOSE);
    Context context = null;
    try {
      context = LmdbContext.open(dataDir.contextDir(), LmdbContext.Durability.ON_SYNC);
      ChainWriter writer = new ChainWriter(store, context, durability, gcPolicy);
      writer.dropRowsAboveHead();
      return writer;
    } catch (RuntimeException e) {
      try {
        if (context != null) {
          context.close();
        }
      } finally {
        store.close();
      }
      throw e;
    }
  }

  public BlockWriter store() {
    return store;
  }

  public Context context() {
    return context;
  }

  public BlockValidator validator() {
    return validator;
  }

  /** What a child of the stored block {@code hash} is applied on. */
  public Predecessor predecessor(BlockHash hash) {
    return Predecessors.of(store, hash);
  }

  /**
   * Validates {@code block} on its stored predecessor and keeps it; it becomes the head if it is
   * above the current head (fitness is the level) and descends from the checkpoint.
   */
  public Applied apply(Block block) {
    Predecessor predecessor = predecessor(block.predecessor());
    Applied applied = validator.apply(context, predecessor, store.protocolLevels(), block,
        BlockValidator.Commit.WRITE);
    accept(block.withMetadata(Optional.of(applied.metadata())), applied,
        block.level() > store.markers().head().level());
    return applied;
  }

  /**
   * Bakes a block with {@code operations} on the stored block {@code on} at {@code timestamp},
   * and keeps it; it becomes the head when {@code asHead}, otherwise it stays a side branch.
   */
  public Baked bake(BlockHash on, long timestamp, List<Operation> operations,
      BlockValidator.Signatures signatures, boolean asHead) {
    return bake(predecessor(on), timestamp, operations, signatures, asHead);
  }

  /** {@link #bake(BlockHash, long, List, BlockValidator.Signatures, boolean)} on a known predecessor. */
  public Baked bake(Predecessor on, long timestamp, List<Operation> operations,
      BlockValidator.Signatures signatures, boolean asHead) {
    return bake(on, timestamp, (state, rules) -> operations, signatures, asHead);
  }

  /** Bakes on {@code on} with operations chosen from the state they apply to. */
  public Baked bake(Predecessor on, long timestamp, BlockValidator.OperationChooser chooser,
      BlockValidator.Signatures signatures, boolean asHead) {
    Baked baked = validator.bake(context, on, timestamp, chooser, signatures);
    accept(baked.block(), baked.applied(), asHead);
    return baked;
  }

  private void accept(Block block, Applied applied, boolean asHead) {
    if (durability == Durability.EACH_BLOCK) {
      context.sync(); // before anything in the store names the block's context
    }
    store.store(block);
    if (!asHead) {
      return;
    }
    ProtocolLevels table = rowsWithHead(block);
    if (!table.equals(store.protocolLevels())) {
      store.setProtocolLevels(table);
    }
    int cementedBefore = store.cementedHighestLevel();
    store.setHead(block.hash());
    if (store.cementedHighestLevel() != cementedBefore) {
      collectIfDue();
    }
  }

  /**
   * The protocol table once {@code head} is the head: the rows of the shared history up to the
   * fork from the current chain, then a row for each block on the new branch whose proto level
   * differs from its predecessor's. For the usual extension of the head, the branch is the new
   * block alone.
   */
  private ProtocolLevels rowsWithHead(Block head) {
    ProtocolLevels table = store.protocolLevels();
    List<ProtocolLevel> rows = table.rows();
    if (head.predecessor().equals(store.markers().head().hash()) && !rows.isEmpty()
        && rows.get(rows.size() - 1).protoLevel() == head.header().proto()) {
      return table; // the usual case: the head's child, under the head's protocol
    }
    ArrayDeque<Block> branch = new ArrayDeque<>();
    Block block = head;
    while (!store.canonicalHash(block.level()).map(block.hash()::equals).orElse(false)
        && block.level() > store.markers().checkpoint().level()) {
      branch.push(block);
      block = store.block(block.predecessor(), Fetch.BLOCK_AND_METADATA).orElseThrow();
    }
    int fork = block.level();
    List<ProtocolLevel> kept = new ArrayList<>(rows.stream()
        .filter(row -> row.activationLevel() <= fork).toList());
    int proto = block.header().proto();
    for (Block next : branch) {
      if (next.header().proto() != proto) {
        Optional<ProtocolHash> protocol = next.metadata()
            .flatMap(metadata -> Receipts.protocolOf(metadata.receipts()));
        int protoLevel = next.header().proto();
        kept.removeIf(row -> row.protoLevel() >= protoLevel);
        protocol.ifPresent(p -> kept.add(new ProtocolLevel(protoLevel, p, next.hash(),
            next.level())));
        proto = protoLevel;
      }
    }
    return new ProtocolLevels(kept);
  }

  private void collectIfDue() {
    long written = context.objectsWritten() - writtenAtLastGc;
    if (gcPolicy.due(written, reachableAtLastGc)) {
      collectNow();
    }
  }

  /** Collects the context now, keeping the commits of the blocks from the savepoint up. */
  public Context.GcSummary collectNow() {
    Context.GcSummary summary = ContextRetention.collect(store, context);
    writtenAtLastGc = context.objectsWritten();
    reachableAtLastGc = summary.reachable();
    return summary;
  }

  /**
   * A row is written before its block becomes the head; after a crash between the two, the row
   * names a block above the head, and is dropped here (baking the level again adds it back).
   */
  private void dropRowsAboveHead() {
    ProtocolLevels table = store.protocolLevels();
    int head = store.markers().head().level();
    List<ProtocolLevel> kept = table.rows().stream()
        .filter(row -> row.activationLevel() <= head).toList();
    if (kept.size() != table.rows().size()) {
      store.setProtocolLevels(new ProtocolLevels(kept));
    }
  }

  /** Makes everything durable, then closes the context and the store (releasing the lock). */
  @Override
  public void close() {
    try {
      try {
        context.sync();
      } finally {
        context.close();
      }
    } finally {
      store.close();
    }
  }
}
