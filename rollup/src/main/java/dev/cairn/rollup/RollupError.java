package dev.cairn.rollup;

import dev.cairn.error.CairnError;
import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.InboxHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.store.hash.RollupStateHash;
import java.nio.file.Path;

/** Errors at the rollup node's boundary: its L1, its data directory, and what it checks. */
public sealed interface RollupError extends CairnError {

  /** L1 has no rollup at this address. */
  record UnknownRollup(RollupAddress rollup, Path l1) implements RollupError {
    @Override
    public String name() {
      return "Sc_rollup_does_not_exist";
    }

    @Override
    public String details() {
      return "the L1 data directory " + l1 + " holds no rollup " + rollup;
    }
  }

  /** A rollup data directory (or snapshot) is for another rollup, or another L1 chain. */
  record RollupMismatch(String what, String expected, String found) implements RollupError {
    @Override
    public String name() {
      return "Rollup_mismatch";
    }

    @Override
    public String details() {
      return what + " is " + found + ", expected " + expected;
    }
  }

  /** An L1 block the rollup needs is no longer stored (a rolling L1 node pruned it). */
  record MissingL1Block(int level, Path l1) implements RollupError {
    @Override
    public String name() {
      return "Missing_l1_block";
    }

    @Override
    public String details() {
      return "the L1 data directory " + l1 + " no longer holds the block at level " + level
          + " (follow a full or archive L1 node, or import a rollup snapshot above it)";
    }
  }

  /** The inbox hash computed from a level's messages is not the one L1 recorded. */
  record InboxMismatch(int level, InboxHash computed, String l1) implements RollupError {
    @Override
    public String name() {
      return "Inconsistent_inbox";
    }

    @Override
    public String details() {
      return "at level " + level + " the messages hash to " + computed + ", L1 has " + l1;
    }
  }

  /** The rollup's own commitment at an inbox level is not the one L1 holds there. */
  record CommitmentMismatch(int inboxLevel, CommitmentHash computed, CommitmentHash l1,
      String which) implements RollupError {
    @Override
    public String name() {
      return "Inconsistent_commitment";
    }

    @Override
    public String details() {
      return "at inbox level " + inboxLevel + " this rollup's state commits to " + computed
          + ", L1's " + which + " commitment is " + l1;
    }
  }

  /** Replaying a level does not give the state its L2 block claims. */
  record StateMismatch(int level, RollupStateHash computed, RollupStateHash claimed)
      implements RollupError {
    @Override
    public String name() {
      return "Inconsistent_rollup_state";
    }

    @Override
    public String details() {
      return "at level " + level + " the PVM reaches " + computed + ", the L2 block claims "
          + claimed;
    }
  }

  /** The rollup's store is damaged: a record that does not read, or a state it names is gone. */
  record CorruptedRollupStore(Path dir, String fault) implements RollupError {
    @Override
    public String name() {
      return "Corrupted_rollup_store";
    }

    @Override
    public String details() {
      return dir + ": " + fault;
    }
  }

  /** A snapshot's L2 chain does not hold together: a level missing, repeated, or not linked. */
  record InconsistentL2Chain(int level, String fault) implements RollupError {
    @Override
    public String name() {
      return "Inconsistent_l2_chain";
    }

    @Override
    public String details() {
      return "at level " + level + ": " + fault;
    }
  }

  /** A snapshot whose head is not newer than the rollup directory it would replace. */
  record SnapshotTooOld(int snapshotHead, int localHead, Path dir) implements RollupError {
    @Override
    public String name() {
      return "Rollup_snapshot_too_old";
    }

    @Override
    public String details() {
      return "the snapshot's head is level " + snapshotHead + ", " + dir + " is already at level "
          + localHead;
    }
  }

  /** A snapshot goes further than the L1 data directory it is checked against. */
  record AheadOfL1(int snapshotHead, int l1Head, Path l1) implements RollupError {
    @Override
    public String name() {
      return "Rollup_ahead_of_l1";
    }

    @Override
    public String details() {
      return "the snapshot's head is level " + snapshotHead + ", the L1 data directory " + l1
          + " has only reached level " + l1Head + " (let it catch up, or import without it)";
    }
  }
}
