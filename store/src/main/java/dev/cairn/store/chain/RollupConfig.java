package dev.cairn.store.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.RollupAddress;
import java.util.Iterator;
import java.util.Set;

/**
 * What a rollup data directory is for, fixed when it is created: its {@code config.json}, and the
 * {@code rollup} object of a rollup snapshot's metadata.
 *
 * @param rollup the rollup's address
 * @param kind its PVM ({@code arith})
 * @param l1Chain the L1 chain it lives on
 * @param originationLevel the L1 level that originated it: its first L2 block's
 * @param commitmentPeriod inbox levels between commitments, as its protocol sets them
 * @param historyMode {@code archive} keeps every L2 state; {@code full} only those from the last
 *     cemented commitment up, which is all a node needs to commit and all a peer needs to check
 */
public record RollupConfig(RollupAddress rollup, String kind, ChainId l1Chain,
    int originationLevel, int commitmentPeriod, Mode historyMode) {

  /** What a rollup node keeps. */
  public enum Mode {
    ARCHIVE, FULL;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads {@code archive} or {@code full}; {@code IllegalArgumentException} otherwise. */
    public static Mode parse(String text) {
      for (Mode mode : values()) {
        if (mode.toString().equals(text)) {
          return mode;
        }
      }
      throw new IllegalArgumentException("a rollup history mode is archive or full, not '"
          + text + "'");
    }
  }

  private static final Set<String> FIELDS = Set.of("rollup", "kind", "l1_chain_id",
      "origination_level", "commitment_period", "history_mode");

  public RollupConfig {
    if (originationLevel < 1 || commitmentPeriod < 1) {
      throw new IllegalArgumentException("origination level and commitment period are positive");
    }
    if (!kind.equals("arith")) {
      throw new IllegalArgumentException("the only rollup kind is arith, not '" + kind + "'");
    }
  }

  /** This configuration with another history mode. */
  public RollupConfig withHistoryMode(Mode mode) {
    return new RollupConfig(rollup, kind, l1Chain, originationLevel, commitmentPeriod, mode);
  }

  public ObjectNode toJson() {
    return JsonNodeFactory.instance.objectNode()
        .put("rollup", rollup.toString())
        .put("kind", kind)
        .put("l1_chain_id", l1Chain.toString())
        .put("origination_level", originationLevel)
        .put("commitment_period", commitmentPeriod)
        .put("history_mode", historyMode.toString());
  }

  /** Reads exactly the fields {@link #toJson} writes; {@code IllegalArgumentException} if not. */
  public static RollupConfig fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a rollup configuration is a JSON object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'");
      }
    }
    return new RollupConfig(RollupAddress.parse(text(json, "rollup")), text(json, "kind"),
        ChainId.parse(text(json, "l1_chain_id")), integer(json, "origination_level"),
        integer(json, "commitment_period"), Mode.parse(text(json, "history_mode")));
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not text");
    }
    return value.asText();
  }

  private static int integer(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isInt()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not an integer");
    }
    return value.intValue();
  }
}
