package dev.cairn.store.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;

/**
 * The one JSON form of a {@link StoreConfig}, read and written by the same code: {@code
 * config.json}, and the {@code chain} object a snapshot's {@code metadata.json} carries (the same
 * fields without the chain name and the history mode, which the snapshot states itself).
 *
 * <p>Reading is exact: every field present with its type and range, no field Cairn does not
 * write, so that whatever is read can be written back and read again.
 */
public final class StoreConfigJson {

  private static final Set<String> CONFIG_FIELDS = Set.of("chain_name", "genesis",
      "history_mode", "blocks_per_cycle", "preservation_cycles", "testnet");
  private static final Set<String> CHAIN_FIELDS = Set.of("genesis", "blocks_per_cycle",
      "preservation_cycles", "testnet");
  private static final Set<String> GENESIS_FIELDS = Set.of("block", "timestamp", "protocol");

  private StoreConfigJson() {}

  /** {@code config.json}. */
  public static ObjectNode toJson(StoreConfig config) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("chain_name", config.chainName());
    json.put("history_mode", config.historyMode().toString());
    json.setAll(chainToJson(config));
    return json;
  }

  /** Reads {@code config.json}; {@code IllegalArgumentException} naming the field at fault. */
  public static StoreConfig fromJson(JsonNode json) {
    requireExactly(json, "config", CONFIG_FIELDS);
    return chainFromJson(json, CONFIG_FIELDS, text(json, "chain_name"),
        HistoryMode.parse(text(json, "history_mode")));
  }

  /** A snapshot's {@code chain} object. */
  public static ObjectNode chainToJson(StoreConfig config) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ObjectNode genesis = json.putObject("genesis");
    genesis.put("block", config.genesisBlock().toBase58());
    genesis.put("timestamp", config.genesisTimestamp().toString());
    genesis.put("protocol", config.genesisProtocol().toBase58());
    json.put("blocks_per_cycle", config.blocksPerCycle());
    json.put("preservation_cycles", config.preservationCycles());
    json.set("testnet", config.testnet());
    return json;
  }

  /** Reads a snapshot's {@code chain} object, for a chain and history mode stated beside it. */
  public static StoreConfig chainFromJson(JsonNode chain, String chainName,
      HistoryMode historyMode) {
    return chainFromJson(chain, CHAIN_FIELDS, chainName, historyMode);
  }

  private static StoreConfig chainFromJson(JsonNode json, Set<String> fields, String chainName,
      HistoryMode historyMode) {
    requireExactly(json, "chain", fields);
    JsonNode genesis = json.get("genesis");
    requireExactly(genesis, "genesis", GENESIS_FIELDS);
    JsonNode testnet = json.get("testnet");
    if (!testnet.isObject()) {
      throw new IllegalArgumentException("\"testnet\" is not an object");
    }
    return new StoreConfig(chainName,
        BlockHash.parse(text(genesis, "block")),
        Instant.parse(text(genesis, "timestamp")),
        ProtocolHash.parse(text(genesis, "protocol")),
        historyMode,
        integer(json, "blocks_per_cycle"),
        integer(json, "preservation_cycles"),
        (ObjectNode) testnet);
  }

  private static void requireExactly(JsonNode json, String what, Set<String> fields) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("\"" + what + "\" is not an object");
    }
    for (String field : fields) {
      if (!json.has(field)) {
        throw new IllegalArgumentException("\"" + what + "\" has no field \"" + field + "\"");
      }
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new IllegalArgumentException("\"" + what + "\" has an unknown field \""
            + StoreConfig.shown(name) + "\"");
      }
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a string");
    }
    return node.textValue();
  }

  private static int integer(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a 32-bit integer");
    }
    return node.intValue();
  }
}
