package dev.cairn.validator.chain;

import dev.cairn.error.CairnError;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ContextHash;

/** Faults that {@link ChainCheck} finds between a store and its context. */
public sealed interface ChainCheckError extends CairnError {

  /** A block at or above the savepoint whose context commit is not in the context. */
  record MissingContext(BlockHash block, int level, ContextHash context)
      implements ChainCheckError {
    @Override
    public String name() {
      return "Missing_context";
    }

    @Override
    public String details() {
      return "block " + block + " at level " + level + " is above the savepoint but its context "
          + context + " is not in the context store";
    }
  }

  /** A replayed block whose metadata differs from the stored one. */
  record InconsistentMetadata(BlockHash block, int level) implements ChainCheckError {
    @Override
    public String name() {
      return "Inconsistent_block_metadata";
    }

    @Override
    public String details() {
      return "replaying block " + block + " at level " + level
          + " gives other metadata (receipts or max_operations_ttl) than the stored";
    }
  }

  /** A protocol levels table that names an unknown protocol or a block off the chain. */
  record InvalidProtocolTable(String fault) implements ChainCheckError {
    @Override
    public String name() {
      return "Invalid_protocol_table";
    }

    @Override
    public String details() {
      return fault;
    }
  }
}
