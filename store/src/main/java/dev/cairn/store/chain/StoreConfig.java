package dev.cairn.store.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.error.CauseText;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.ProtocolHash;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A node's {@code config.json}: the chain, its genesis, the history mode and the store's
 * parameters.
 *
 * @param chainName the chain's name, which snapshots must match
 * @param genesisBlock the genesis block's hash
 * @param genesisTimestamp the genesis block's timestamp
 * @param genesisProtocol the protocol of the genesis block
 * @param historyMode what the store keeps
 * @param blocksPerCycle blocks in a cycle; cycle {@code c} is levels {@code [c·bpc+1, (c+1)·bpc]}
 * @param preservationCycles {@code blocks_preservation_cycles}: cycles always kept with metadata
 * @param testnet parameters that other modules record (the testnet's seed, constants): at most
 *     {@value #MAX_TESTNET_FIELDS} fields, each a lower-case name of at most {@value
 *     #MAX_FIELD_NAME} characters holding a 64-bit integer; the store keeps them as they are
 */
public record StoreConfig(
    String chainName,
    BlockHash genesisBlock,
    Instant genesisTimestamp,
    ProtocolHash genesisProtocol,
    HistoryMode historyMode,
    int blocksPerCycle,
    int preservationCycles,
    ObjectNode testnet) {

  public StoreConfig {
    if (chainName.isBlank() || chainName.length() > 128) {
      throw new IllegalArgumentException("chain name must have 1 to 128 characters");
    }
    if (blocksPerCycle < 1 || blocksPerCycle > 1 << 20) {
      throw new IllegalArgumentException("blocks_per_cycle must be in [1, 2^20]: " + blocksPerCycle);
    }
    if (preservationCycles < 1 || preservationCycles > 1000) {
      throw new IllegalArgumentException("preservation_cycles must be in [1, 1000]");
    }
    if (testnet.size() > MAX_TESTNET_FIELDS) {
      throw new IllegalArgumentException("testnet has " + testnet.size() + " fields, more than "
          + MAX_TESTNET_FIELDS);
    }
    testnet.fields().forEachRemaining(field -> {
      if (!FIELD_NAME.matcher(field.getKey()).matches()) {
        throw new IllegalArgumentException("testnet field \"" + shown(field.getKey())
            + "\" is not a lower-case name of at most " + MAX_FIELD_NAME + " characters");
      }
      if (!field.getValue().isIntegralNumber() || !field.getValue().canConvertToLong()) {
        throw new IllegalArgumentException("testnet field \"" + field.getKey()
            + "\" is not a 64-bit integer");
      }
    });
    testnet = testnet.deepCopy();
  }

  /** The most fields {@code testnet} may have. */
  public static final int MAX_TESTNET_FIELDS = 16;
  /** The longest name of a {@code testnet} field. */
  public static final int MAX_FIELD_NAME = 32;
  private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /** A name from outside, cut short and with control characters escaped, for a message. */
  static String shown(String name) {
    return CauseText.printable(name.length() > MAX_FIELD_NAME
        ? name.substring(0, MAX_FIELD_NAME) + "…" : name);
  }

  public ChainId chainId() {
    return ChainId.ofGenesis(genesisBlock);
  }

  /** The cycle that holds {@code level} (≥ 1); genesis is in no cycle. */
  public int cycleOf(int level) {
    if (level < 1) {
      throw new IllegalArgumentException("genesis is in no cycle");
    }
    return (level - 1) / blocksPerCycle;
  }

  public int firstLevelOf(int cycle) {
    return cycle * blocksPerCycle + 1;
  }

  public int lastLevelOf(int cycle) {
    return (cycle + 1) * blocksPerCycle;
  }
}
