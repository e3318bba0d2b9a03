package dev.cairn.validator.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What a testnet is made of, fixed at its genesis: written into the genesis context (so that any
 * node can replay any block from the context alone) and into {@code config.json} (so that a node
 * can bake: the keys derive from {@code seed}).
 *
 * @param seed the seed that keys derive from ({@code TestnetKey.derive(seed, index)})
 * @param accounts the bootstrap accounts, keys {@code 0 .. accounts−1}
 * @param bakers the first {@code bakers} accounts are the bakers, revealed at activation
 * @param maxOperationsTtl how many blocks back an operation's branch may be
 * @param protocolSwitchAt the level at which the second protocol activates; 0 for never
 * @param initialBalance each bootstrap account's balance
 * @param rollupsAt the level at which the third protocol, which brings smart rollups, activates;
 *     0 for never (then the parameters encode exactly as before rollups existed)
 * @param rollups how many arith rollups the testnet's operator originates when they activate
 *     (0 exactly when {@code rollupsAt} is)
 * @param challengeWindow levels a rollup commitment waits before it can be cemented on this
 *     testnet (the rollup protocol's own constant, 8, unless the testnet sets another at its
 *     genesis, as {@code max_operations_ttl} is set); 0 without rollups
 */
public record TestnetParameters(long seed, int accounts, int bakers, int maxOperationsTtl,
    int protocolSwitchAt, long initialBalance, int rollupsAt, int rollups, int challengeWindow) {

  /** The encoding's size: u64 · u32 · u32 · u32 · u32 · u64. */
  public static final int ENCODED_BYTES = 32;
  /** With rollups, the encoding gains their activation level, count and window: 3 × u32. */
  public static final int ENCODED_BYTES_WITH_ROLLUPS = 44;
  /** The rollup protocol's own challenge window, which a testnet takes unless it sets one. */
  public static final int DEFAULT_CHALLENGE_WINDOW = 8;
  /** The most rollups a testnet originates. */
  public static final int MAX_ROLLUPS = 100;
  /** The most bootstrap accounts a testnet may have. */
  public static final int MAX_ACCOUNTS = 10_000_000;
  /** The most bakers: their list is one context value. */
  public static final int MAX_BAKERS = 4096;

  public TestnetParameters {
    if (accounts < 1 || accounts > MAX_ACCOUNTS) {
      throw new IllegalArgumentException("accounts must be in [1, " + MAX_ACCOUNTS + "]");
    }
    if (bakers < 1 || bakers > Math.min(accounts, MAX_BAKERS)) {
      throw new IllegalArgumentException("bakers must be in [1, min(accounts, " + MAX_BAKERS
          + ")]");
    }
    if (maxOperationsTtl < 1 || maxOperationsTtl > 10_000) {
      throw new IllegalArgumentException("max_operations_ttl must be in [1, 10000]");
    }
    if (protocolSwitchAt != 0 && protocolSwitchAt < 2) {
      throw new IllegalArgumentException("the protocol switch is at level 2 or above, or 0 "
          + "for never (level 1 activates the first protocol)");
    }
    if (initialBalance < 1) {
      throw new IllegalArgumentException("the initial balance must be positive");
    }
    if (rollupsAt != 0 && (rollupsAt < 2 || rollupsAt <= protocolSwitchAt)) {
      throw new IllegalArgumentException("rollups activate at level 2 or above and after the "
          + "protocol switch, or 0 for never");
    }
    if ((rollupsAt == 0) != (rollups == 0) || rollups < 0 || rollups > MAX_ROLLUPS) {
      throw new IllegalArgumentException("rollups must be in [1, " + MAX_ROLLUPS
          + "] when they activate, and 0 when they never do");
    }
    if (rollupsAt == 0 ? challengeWindow != 0 : challengeWindow < 1 || challengeWindow > 1 << 24) {
      throw new IllegalArgumentException("the rollup challenge window is in [1, 2^24] levels "
          + "with rollups, and 0 without");
    }
  }

  /** A testnet without rollups. */
  public TestnetParameters(long seed, int accounts, int bakers, int maxOperationsTtl,
      int protocolSwitchAt, long initialBalance) {
    this(seed, accounts, bakers, maxOperationsTtl, protocolSwitchAt, initialBalance, 0, 0, 0);
  }

  /**
   * These parameters with {@code count} rollups activating at {@code level} (0, 0: never), with
   * the protocol's challenge window.
   */
  public TestnetParameters withRollups(int level, int count) {
    return withRollups(level, count, level == 0 ? 0 : DEFAULT_CHALLENGE_WINDOW);
  }

  /** As {@link #withRollups(int, int)}, with a challenge window of {@code window} levels. */
  public TestnetParameters withRollups(int level, int count, int window) {
    return new TestnetParameters(seed, accounts, bakers, maxOperationsTtl, protocolSwitchAt,
        initialBalance, level, count, window);
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(rollupsAt == 0 ? ENCODED_BYTES
        : ENCODED_BYTES_WITH_ROLLUPS).putLong(seed).putInt(accounts).putInt(bakers)
        .putInt(maxOperationsTtl).putInt(protocolSwitchAt).putLong(initialBalance);
    if (rollupsAt != 0) {
      out.putInt(rollupsAt).putInt(rollups).putInt(challengeWindow);
    }
    return out.array();
  }

  /** Decodes parameters read from a context; empty if the bytes are not valid parameters. */
  public static Optional<TestnetParameters> decode(byte[] bytes) {
    if (bytes.length != ENCODED_BYTES && bytes.length != ENCODED_BYTES_WITH_ROLLUPS) {
      return Optional.empty();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      TestnetParameters read = new TestnetParameters(in.getLong(), in.getInt(), in.getInt(),
          in.getInt(), in.getInt(), in.getLong(), in.hasRemaining() ? in.getInt() : 0,
          in.hasRemaining() ? in.getInt() : 0, in.hasRemaining() ? in.getInt() : 0);
      // One encoding per value: a 36-byte form saying "never" is not one.
      return bytes.length == ENCODED_BYTES_WITH_ROLLUPS && read.rollupsAt() == 0
          ? Optional.empty() : Optional.of(read);
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      return Optional.empty();
    }
  }

  /** As {@code config.json} records them, under {@code testnet}. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode()
        .put("seed", seed)
        .put("accounts", accounts)
        .put("bakers", bakers)
        .put("max_operations_ttl", maxOperationsTtl)
        .put("protocol_switch_at", protocolSwitchAt)
        .put("initial_balance", initialBalance);
    if (rollupsAt != 0) {
      node.put("rollups_at", rollupsAt).put("rollups", rollups)
          .put("rollup_challenge_window", challengeWindow);
    }
    return node;
  }

  /** Reads them back from {@code config.json}'s {@code testnet}; empty if absent or invalid. */
  public static Optional<TestnetParameters> fromJson(ObjectNode node) {
    String[] fields = {"seed", "accounts", "bakers", "max_operations_ttl", "protocol_switch_at",
        "initial_balance"};
    for (String field : fields) {
      if (!node.path(field).canConvertToLong()) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new TestnetParameters(node.get("seed").asLong(),
          node.get("accounts").intValue(), node.get("bakers").intValue(),
          node.get("max_operations_ttl").intValue(), node.get("protocol_switch_at").intValue(),
          node.get("initial_balance").asLong(),
          node.path("rollups_at").canConvertToInt() ? node.path("rollups_at").intValue() : 0,
          node.path("rollups").canConvertToInt() ? node.path("rollups").intValue() : 0,
          node.path("rollup_challenge_window").canConvertToInt()
              ? node.path("rollup_challenge_window").intValue() : 0));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
