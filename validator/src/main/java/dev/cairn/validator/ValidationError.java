package dev.cairn.validator;

import dev.cairn.error.CairnError;

/**
 * Why a block was refused: one record per rule of DESIGN §6, each naming the block (its hash and
 * level) and saying what was found. The last rule, that applying the block gives the context
 * hash its header announces, is the context's own {@code Inconsistent_context_hash}, raised with
 * the block as its subject: one name, one record. {@link #rule()} says the rule in words, the same for every
 * block; {@link #details()} names the block, the rule and the finding.
 */
public sealed interface ValidationError extends CairnError {

  /** The block, as its hash (or a description while it is being baked). */
  String block();

  int level();

  /** What was found that breaks the rule. */
  String found();

  /** The rule, in words. */
  String rule();

  /** A rule's record constructor, to raise it for a block: {@code InvalidLevel::new}. */
  @FunctionalInterface
  interface Rule {
    ValidationError of(String block, int level, String found);
  }

  @Override
  default String details() {
    return "block " + block() + " at level " + level() + ": " + rule() + " (" + found() + ")";
  }

  /** The hash a block is known by is not the hash of its header. */
  record InvalidBlockHash(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_block_hash";
    }

    @Override
    public String rule() {
      return "the hash the block is known by is not the hash of its header";
    }
  }

  /** The block's predecessor is not the block it is applied on. */
  record InvalidPredecessor(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_predecessor";
    }

    @Override
    public String rule() {
      return "the block's predecessor is not the block it is applied on";
    }
  }

  /** The level is not the predecessor's plus one. */
  record InvalidLevel(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_level";
    }

    @Override
    public String rule() {
      return "the level is not the predecessor's plus one";
    }
  }

  /** The timestamp is not after the predecessor's. */
  record InvalidTimestamp(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_timestamp";
    }

    @Override
    public String rule() {
      return "the timestamp is not after the predecessor's";
    }
  }

  /** The proto level is not the one the protocol schedule and table give. */
  record InvalidProtoLevel(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_proto_level";
    }

    @Override
    public String rule() {
      return "the proto level is not the one the protocol schedule and table give";
    }
  }

  /** The number of operation lists is not the protocol's. */
  record InvalidValidationPass(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_validation_pass";
    }

    @Override
    public String rule() {
      return "the number of operation lists is not the protocol's";
    }
  }

  /** The operations do not hash to the header's operations hash. */
  record InvalidOperationsHash(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_operations_hash";
    }

    @Override
    public String rule() {
      return "the operations do not hash to the header's operations hash";
    }
  }

  /** The fitness is not the one the level gives. */
  record InvalidFitness(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_fitness";
    }

    @Override
    public String rule() {
      return "the fitness is not the one the level gives";
    }
  }

  /** The protocol data is not a baker and a signature. */
  record InvalidProtocolData(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_protocol_data";
    }

    @Override
    public String rule() {
      return "the protocol data is not a baker and a signature";
    }
  }

  /** The baker has no right to bake at this level. */
  record InvalidBaker(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_baker";
    }

    @Override
    public String rule() {
      return "the baker has no right to bake at this level";
    }
  }

  /** The header is not signed by its baker. */
  record InvalidBlockSignature(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_block_signature";
    }

    @Override
    public String rule() {
      return "the header is not signed by its baker";
    }
  }

  /** More operations than the protocol allows in a block. */
  record TooManyOperations(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Too_many_operations";
    }

    @Override
    public String rule() {
      return "more operations than the protocol allows in a block";
    }
  }

  /** An operation's bytes are not a reveal or a transaction. */
  record MalformedOperation(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Malformed_operation";
    }

    @Override
    public String rule() {
      return "an operation's bytes are not a reveal or a transaction";
    }
  }

  /** An operation's branch is not one of the last max_operations_ttl blocks. */
  record InvalidOperationBranch(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_operation_branch";
    }

    @Override
    public String rule() {
      return "an operation's branch is not one of the last max_operations_ttl blocks";
    }
  }

  /** An operation's source account does not exist. */
  record UnknownAccount(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Unknown_account";
    }

    @Override
    public String rule() {
      return "an operation's source account does not exist";
    }
  }

  /** A reveal for an account whose key is already revealed. */
  record PreviouslyRevealedKey(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Previously_revealed_key";
    }

    @Override
    public String rule() {
      return "a reveal for an account whose key is already revealed";
    }
  }

  /** A revealed key that does not hash to its account. */
  record InconsistentPublicKey(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Inconsistent_public_key";
    }

    @Override
    public String rule() {
      return "a revealed key that does not hash to its account";
    }
  }

  /** A transaction from an account whose key is not revealed. */
  record UnrevealedManager(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Unrevealed_manager";
    }

    @Override
    public String rule() {
      return "a transaction from an account whose key is not revealed";
    }
  }

  /** An operation not signed by its source's key. */
  record InvalidOperationSignature(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_operation_signature";
    }

    @Override
    public String rule() {
      return "an operation not signed by its source's key";
    }
  }

  /** An operation's counter is not its source's counter plus one. */
  record InvalidCounter(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_counter";
    }

    @Override
    public String rule() {
      return "an operation's counter is not its source's counter plus one";
    }
  }

  /** An operation's fee is below the protocol's minimal fee. */
  record FeeTooLow(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Fee_too_low";
    }

    @Override
    public String rule() {
      return "an operation's fee is below the protocol's minimal fee";
    }
  }

  /** A transaction of a non-positive amount, or to its own source. */
  record InvalidAmount(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Invalid_amount";
    }

    @Override
    public String rule() {
      return "a transaction of a non-positive amount, or to its own source";
    }
  }

  /** An account cannot pay an operation's fee and amount. */
  record BalanceTooLow(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Balance_too_low";
    }

    @Override
    public String rule() {
      return "an account cannot pay an operation's fee and amount";
    }
  }

  /** A credit that would overflow a balance. */
  record BalanceOverflow(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Balance_overflow";
    }

    @Override
    public String rule() {
      return "a credit that would overflow a balance";
    }
  }

  /** A smart rollup operation under a protocol without smart rollups. */
  record RollupsNotEnabled(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollups_not_enabled";
    }

    @Override
    public String rule() {
      return "a smart rollup operation under a protocol without smart rollups";
    }
  }

  /** A rollup of a kind this protocol does not know (only arith, kind 0). */
  record RollupInvalidKind(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_invalid_kind";
    }

    @Override
    public String rule() {
      return "a rollup of a kind this protocol does not know (only arith, kind 0)";
    }
  }

  /** A boot sector larger than the protocol allows. */
  record RollupBootSectorTooLarge(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_boot_sector_too_large";
    }

    @Override
    public String rule() {
      return "a boot sector larger than the protocol allows";
    }
  }

  /** An operation names a rollup that was never originated. */
  record RollupDoesNotExist(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_does_not_exist";
    }

    @Override
    public String rule() {
      return "an operation names a rollup that was never originated";
    }
  }

  /** An add-messages operation without messages. */
  record RollupAddZeroMessages(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_add_zero_messages";
    }

    @Override
    public String rule() {
      return "an add-messages operation without messages";
    }
  }

  /** More messages in one operation than the protocol allows. */
  record RollupTooManyMessages(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_too_many_messages";
    }

    @Override
    public String rule() {
      return "more messages in one operation than the protocol allows";
    }
  }

  /** A message larger than the protocol allows. */
  record RollupMessageTooLarge(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_message_too_large";
    }

    @Override
    public String rule() {
      return "a message larger than the protocol allows";
    }
  }

  /** A staker cannot freeze the stake its first commitment needs. */
  record RollupStakerFundsTooLow(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_staker_funds_too_low";
    }

    @Override
    public String rule() {
      return "a staker cannot freeze the stake its first commitment needs";
    }
  }

  /** A commitment that does not follow the rollup's newest, or a cemented one that is not the successor of the last cemented. */
  record RollupUnknownCommitment(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_unknown_commitment";
    }

    @Override
    public String rule() {
      return "a commitment that does not follow the rollup's newest, or a cemented one that is not the successor of the last cemented";
    }
  }

  /** A commitment whose inbox level is not its predecessor's plus the commitment period, or whose ticks are negative. */
  record RollupBadInboxLevel(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_bad_inbox_level";
    }

    @Override
    public String rule() {
      return "a commitment whose inbox level is not its predecessor's plus the commitment period, or whose ticks are negative";
    }
  }

  /** A commitment to an inbox level that is not complete yet (at or above the block's level). */
  record RollupCommitmentFromFuture(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_commitment_from_future";
    }

    @Override
    public String rule() {
      return "a commitment to an inbox level that is not complete yet (at or above the block's level)";
    }
  }

  /** A commitment cemented before its challenge window has passed. */
  record RollupCommitmentTooRecent(String block, int level, String found) implements ValidationError {
    @Override
    public String name() {
      return "Sc_rollup_commitment_too_recent";
    }

    @Override
    public String rule() {
      return "a commitment cemented before its challenge window has passed";
    }
  }
}
