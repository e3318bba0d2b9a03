package dev.cairn.validator.rollup;

import dev.cairn.validator.protocol.ProtocolDescriptor;

/**
 * The smart rollup rules a protocol's constants set.
 *
 * @param commitmentPeriod inbox levels between a commitment and its predecessor
 * @param challengeWindow levels a commitment waits after its publication before it can be cemented
 * @param stake what a staker's first commitment to a rollup freezes from its balance
 * @param maxMessages the most messages one {@code smart_rollup_add_messages} carries
 * @param maxMessageBytes the largest message
 * @param maxBootSectorBytes the largest boot sector
 */
public record RollupRules(int commitmentPeriod, int challengeWindow, long stake, int maxMessages,
    int maxMessageBytes, int maxBootSectorBytes) {

  /** These rules with a testnet's own challenge window. */
  public RollupRules withChallengeWindow(int window) {
    return new RollupRules(commitmentPeriod, window, stake, maxMessages, maxMessageBytes,
        maxBootSectorBytes);
  }

  /** Reads the rules from a protocol's {@code sc_rollup_*} constants. */
  public static RollupRules of(ProtocolDescriptor descriptor) {
    return new RollupRules(
        Math.toIntExact(descriptor.constant("sc_rollup_commitment_period")),
        Math.toIntExact(descriptor.constant("sc_rollup_challenge_window")),
        descriptor.constant("sc_rollup_stake"),
        Math.toIntExact(descriptor.constant("sc_rollup_max_messages_per_operation")),
        Math.toIntExact(descriptor.constant("sc_rollup_message_size_limit")),
        Math.toIntExact(descriptor.constant("sc_rollup_boot_sector_size_limit")));
  }
}
