package dev.cairn.store.block;

import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.OperationHash;
import dev.cairn.store.hash.OperationListHash;
import dev.cairn.store.hash.OperationListListHash;
import dev.cairn.store.hash.OperationsMerkle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A block as the store keeps it: hash, header, operations by validation pass, and metadata.
 *
 * <p>{@code hash} is carried so that indexes need not rehash; {@link #verify()} recomputes it and the
 * operations hash, for checks and for blocks that came from outside.
 */
public record Block(
    BlockHash hash, BlockHeader header, List<List<Operation>> operations,
    Optional<BlockMetadata> metadata) {

  public Block {
    operations = operations.stream().map(List::copyOf).toList();
  }

  /** A block whose hash is computed from its header. */
  public static Block of(BlockHeader header, List<List<Operation>> operations,
      Optional<BlockMetadata> metadata) {
    return new Block(header.hash(), header, operations, metadata);
  }

  public int level() {
    return header.level();
  }

  public BlockHash predecessor() {
    return header.predecessor();
  }

  public Block withoutMetadata() {
    return metadata.isEmpty() ? this : new Block(hash, header, operations, Optional.empty());
  }

  public Block withMetadata(Optional<BlockMetadata> newMetadata) {
    return new Block(hash, header, operations, newMetadata);
  }

  /** The {@code LLo…} hash of these operations, as the header should carry it. */
  public static OperationListListHash operationsHash(List<List<Operation>> operations) {
    List<OperationListHash> lists = new ArrayList<>(operations.size());
    for (List<Operation> pass : operations) {
      List<OperationHash> hashes = pass.stream().map(Operation::hash).toList();
      lists.add(OperationsMerkle.listHash(hashes));
    }
    return OperationsMerkle.listListHash(lists);
  }

  /** What is wrong with this block on its own, or empty if it is sound. */
  public Optional<String> verify() {
    BlockHash computed = header.hash();
    if (!computed.equals(hash)) {
      return Optional.of("block " + hash + " hashes to " + computed);
    }
    if (operations.size() != header.validationPass()) {
      return Optional.of("block " + hash + " has " + operations.size()
          + " operation lists but its header says " + header.validationPass());
    }
    OperationListListHash ops = operationsHash(operations);
    if (!ops.equals(header.operationsHash())) {
      return Optional.of("block " + hash + " operations hash to " + ops + ", header says "
          + header.operationsHash());
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Block[" + hash + " at level " + level() + "]";
  }
}
