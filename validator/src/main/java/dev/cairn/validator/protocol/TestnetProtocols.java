package dev.cairn.validator.protocol;

import dev.cairn.store.hash.ProtocolHash;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The protocols this node implements, by hash: the registry that import and replay consult.
 *
 * <ul>
 *   <li>{@link #GENESIS}: the genesis block's protocol; it applies no block.
 *   <li>{@link #ALPHA}: activates at level 1 (proto level 1); fees go to the baker whole.
 *   <li>{@link #BETA}: activates at the testnet's switch level (proto level 2); half of every fee
 *       is burned, the baking reward is lower, and its migration starts the burned total.
 *   <li>{@link #GAMMA}: activates at the testnet's rollups level (the next proto level); beta's
 *       rules and smart rollups of kind arith (DESIGN §17).
 * </ul>
 */
public final class TestnetProtocols {

  public static final ProtocolDescriptor GENESIS =
      new ProtocolDescriptor("Cairn-genesis", 1, new TreeMap<>());
  public static final ProtocolDescriptor ALPHA = new ProtocolDescriptor("Cairn-testnet-alpha", 1,
      new TreeMap<>(Map.of("baking_reward", 16_000L, "fee_burn_percent", 0L,
          "minimal_fee", 100L, "max_operations_per_block", 1024L)));
  public static final ProtocolDescriptor BETA = new ProtocolDescriptor("Cairn-testnet-beta", 1,
      new TreeMap<>(Map.of("baking_reward", 12_000L, "fee_burn_percent", 50L,
          "minimal_fee", 100L, "max_operations_per_block", 1024L)));

  public static final ProtocolDescriptor GAMMA = new ProtocolDescriptor("Cairn-testnet-gamma", 1,
      new TreeMap<>(Map.ofEntries(Map.entry("baking_reward", 12_000L),
          Map.entry("fee_burn_percent", 50L), Map.entry("minimal_fee", 100L),
          Map.entry("max_operations_per_block", 1024L),
          Map.entry("sc_rollup_commitment_period", 4L),
          Map.entry("sc_rollup_challenge_window", 8L),
          Map.entry("sc_rollup_stake", 10_000L),
          Map.entry("sc_rollup_max_messages_per_operation", 100L),
          Map.entry("sc_rollup_message_size_limit", 4096L),
          Map.entry("sc_rollup_boot_sector_size_limit", 4096L))));

  private static final List<ProtocolDescriptor> KNOWN = List.of(GENESIS, ALPHA, BETA, GAMMA);
  private static final Map<ProtocolHash, ProtocolDescriptor> BY_HASH = KNOWN.stream()
      .collect(Collectors.toUnmodifiableMap(ProtocolDescriptor::hash, p -> p));
  private static final Map<ProtocolHash, ProtocolRules> RULES = Map.of(
      ALPHA.hash(), ProtocolRules.of(ALPHA), BETA.hash(), ProtocolRules.of(BETA),
      GAMMA.hash(), ProtocolRules.of(GAMMA));

  private TestnetProtocols() {}

  /** Every protocol this node implements, in activation order. */
  public static List<ProtocolDescriptor> all() {
    return KNOWN;
  }

  /** The protocol whose hash is {@code hash}, if this node implements it. */
  public static Optional<ProtocolDescriptor> byHash(ProtocolHash hash) {
    return Optional.ofNullable(BY_HASH.get(hash));
  }

  /** Whether this node implements {@code hash}. */
  public static boolean knows(ProtocolHash hash) {
    return byHash(hash).isPresent();
  }

  /** The rules of a protocol that applies blocks (not genesis). */
  public static Optional<ProtocolRules> rules(ProtocolHash hash) {
    return Optional.ofNullable(RULES.get(hash));
  }
}
