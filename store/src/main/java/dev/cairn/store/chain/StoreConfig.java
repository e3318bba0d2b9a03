package dev.cairn.store.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.ProtocolHash;
import java.time.Instant;

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
 * @param testnet parameters that other modules record (the testnet's seed, constants); the store
 *     keeps them as they are
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
    testnet = testnet.deepCopy();
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
