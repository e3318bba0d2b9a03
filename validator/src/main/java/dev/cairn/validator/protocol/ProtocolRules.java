package dev.cairn.validator.protocol;

import dev.cairn.validator.rollup.RollupRules;
import java.util.Optional;

/**
 * The rules a testnet protocol's constants set, read once from its descriptor.
 *
 * @param descriptor the protocol file's contents
 * @param bakingReward credited to each block's baker
 * @param feeBurnPercent the share of each fee that is burned rather than paid to the baker
 * @param minimalFee the least fee an operation may offer
 * @param maxOperations the most operations a block may carry
 * @param rollups the smart rollup rules, if the protocol has smart rollups
 */
public record ProtocolRules(ProtocolDescriptor descriptor, long bakingReward, int feeBurnPercent,
    long minimalFee, int maxOperations, Optional<RollupRules> rollups) {

  /** Reads the rules from {@code descriptor}'s constants. */
  public static ProtocolRules of(ProtocolDescriptor descriptor) {
    return new ProtocolRules(descriptor, descriptor.constant("baking_reward"),
        Math.toIntExact(descriptor.constant("fee_burn_percent")),
        descriptor.constant("minimal_fee"),
        Math.toIntExact(descriptor.constant("max_operations_per_block")),
        descriptor.constants().containsKey("sc_rollup_commitment_period")
            ? Optional.of(RollupRules.of(descriptor)) : Optional.empty());
  }

  /** These rules with the rollups' challenge window set to {@code window} (if they have rollups). */
  public ProtocolRules withRollupChallengeWindow(int window) {
    return new ProtocolRules(descriptor, bakingReward, feeBurnPercent, minimalFee, maxOperations,
        rollups.map(r -> r.withChallengeWindow(window)));
  }

  /** The part of {@code fee} (not negative) that is burned: ⌊fee · percent / 100⌋, never overflowing. */
  public long burnedOf(long fee) {
    return fee / 100 * feeBurnPercent + fee % 100 * feeBurnPercent / 100;
  }
}
