package dev.cairn.store.synthetic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.block.Operation;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.ProtocolHash;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Builds blocks of a synthetic chain from a seed.
 *
 * @param seed what makes this chain differ from another
 * @param operationsPerBlock the most operations a block carries (each block draws 0 to this many)
 * @param maxOperationsTtl the {@code max_operations_ttl} recorded in every block's metadata
 */
public record SyntheticChain(long seed, int operationsPerBlock, int maxOperationsTtl) {

  /** Validation passes per block, as in Tezos: consensus, votes, anonymous, managers. */
  public static final int VALIDATION_PASSES = 4;

  private static final long GENESIS_TIME = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
  private static final BlockHash NO_PREDECESSOR = BlockHash.of(new byte[32]);

  /** The genesis block: level 0, no operations, no metadata. */
  public Block genesis() {
    SplittableRandom random = new SplittableRandom(seed);
    BlockHeader header = new BlockHeader(0, 0, NO_PREDECESSOR, GENESIS_TIME, 0,
        Block.operationsHash(List.of()), List.of(), ContextHash.of(bytes(random, 32)),
        Bytes.EMPTY);
    return Block.of(header, List.of(), Optional.empty());
  }

  /** The child of {@code parent} on the main branch. */
  public Block next(Block parent) {
    return child(parent, 0);
  }

  /** Another child of {@code parent}, different for each {@code branch} ≥ 1: a side branch. */
  public Block child(Block parent, int branch) {
    SplittableRandom random = new SplittableRandom(seed ^ parentBits(parent) ^ (branch * 0x9E3779B97F4A7C15L));
    List<List<Operation>> operations = new ArrayList<>(VALIDATION_PASSES);
    for (int pass = 0; pass < VALIDATION_PASSES; pass++) {
      int count = pass == VALIDATION_PASSES - 1 ? random.nextInt(operationsPerBlock + 1) : 0;
      List<Operation> ops = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ops.add(new Operation(parent.hash(), Bytes.copyOf(bytes(random, 40 + random.nextInt(120)))));
      }
      operations.add(ops);
    }
    int level = parent.level() + 1;
    List<Bytes> fitness = List.of(Bytes.copyOf(new byte[] {2}),
        Bytes.copyOf(ByteBuffer.allocate(4).putInt(level).array()),
        Bytes.copyOf(ByteBuffer.allocate(4).putInt(branch).array()));
    BlockHeader header = new BlockHeader(level, 1, parent.hash(),
        parent.header().timestamp() + 15 + branch, VALIDATION_PASSES,
        Block.operationsHash(operations), fitness, ContextHash.of(bytes(random, 32)),
        Bytes.copyOf(bytes(random, 64 + random.nextInt(40))));
    BlockMetadata metadata = new BlockMetadata(maxOperationsTtl,
        Bytes.copyOf(bytes(random, 32 + random.nextInt(200))));
    return Block.of(header, operations, Optional.of(metadata));
  }

  /** A config for this chain's store. */
  public StoreConfig config(String chainName, HistoryMode mode, int blocksPerCycle,
      int preservationCycles) {
    return new StoreConfig(chainName, genesis().hash(), Instant.ofEpochSecond(GENESIS_TIME),
        ProtocolHash.of(new byte[32]), mode, blocksPerCycle, preservationCycles,
        JsonNodeFactory.instance.objectNode().put("synthetic_seed", seed));
  }

  private static long parentBits(Block parent) {
    return ByteBuffer.wrap(parent.hash().bytes().toArray()).getLong();
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return out;
  }
}
