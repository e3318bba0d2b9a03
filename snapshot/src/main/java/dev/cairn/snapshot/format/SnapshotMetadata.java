package dev.cairn.snapshot.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.chain.StoreConfigJson;
import dev.cairn.store.encoding.StrictJson;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code metadata.json} member: what {@code snapshot info} shows, and what an import into an
 * absent data directory needs to write its {@code config.json}. Everything {@code info} prints is
 * here, so {@code info} never reads past this member.
 *
 * @param chainName the chain's name, which must match the importing node's
 * @param rolling the snapshot's mode: rolling, or else full
 * @param block the exported block B
 * @param level B's level
 * @param timestamp B's timestamp
 * @param contextElements objects in the dump of B−1's context
 * @param contextBytes the context member's length
 * @param protocolLevels rows in the {@code protocol_levels} member
 * @param floatingBlocks blocks in the {@code floating_blocks} member
 * @param cementedCycles cemented files in the snapshot
 * @param lowestLevel the lowest block the snapshot holds (its importer's caboose), genesis aside
 * @param sourceHistoryMode the exporting node's history mode, for information
 * @param config the exporting node's configuration, of which an importer keeps all but the
 *     history mode
 * @param incremental for an incremental snapshot (DESIGN §16), its parent and what it adds to it;
 *     then the counts above are of this snapshot's own members, and {@code lowestLevel} is the
 *     lowest block of the whole chain's import
 */
public record SnapshotMetadata(
    String chainName, boolean rolling, BlockHash block, int level, Instant timestamp,
    long contextElements, long contextBytes, int protocolLevels, int floatingBlocks,
    int cementedCycles, int lowestLevel, String sourceHistoryMode, StoreConfig config,
    Optional<Incremental> incremental) {

  /**
   * What makes a snapshot incremental.
   *
   * @param parent the snapshot this one is applied on
   * @param cementedThrough the highest level the chain's cemented files reach once this one is
   *     applied (0 if none): the floating blocks of the whole chain begin above it
   */
  public record Incremental(ParentLink parent, int cementedThrough) {}

  /** An ordinary (base) snapshot's metadata. */
  public SnapshotMetadata(
      String chainName, boolean rolling, BlockHash block, int level, Instant timestamp,
      long contextElements, long contextBytes, int protocolLevels, int floatingBlocks,
      int cementedCycles, int lowestLevel, String sourceHistoryMode, StoreConfig config) {
    this(chainName, rolling, block, level, timestamp, contextElements, contextBytes,
        protocolLevels, floatingBlocks, cementedCycles, lowestLevel, sourceHistoryMode, config,
        Optional.empty());
  }

  /** Whether this is an incremental snapshot. */
  public boolean isIncremental() {
    return incremental.isPresent();
  }

  /** The only layout this node writes and reads. */
  public static final int VERSION = 1;

  /** The version member is a few bytes of JSON. */
  public static final int MAX_VERSION_BYTES = 4096;

  /** A metadata member is a few kilobytes; anything this large is not one. */
  public static final int MAX_BYTES = 1 << 20;

  /** A chain name goes into config.json, file names and terminals: nothing else is accepted. */
  static final Pattern CHAIN_NAME =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");

  private static final Set<String> FIELDS = Set.of("chain_name", "mode", "block_hash", "level",
      "timestamp", "context_elements", "context_bytes", "protocol_levels", "floating_blocks",
      "cemented_cycles", "lowest_level", "source_history_mode", "chain", "incremental");

  public String mode() {
    return rolling ? "rolling" : "full";
  }

  /** The bytes of {@code snapshot_version.json}. */
  public static byte[] versionBytes() {
    return ("{\"version\": " + VERSION + "}\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads {@code snapshot_version.json} and refuses any version but {@link #VERSION}. */
  public static int readVersion(InputStream in, long size) {
    JsonNode json = readJson(in, size, MAX_VERSION_BYTES, SnapshotError.Part.VERSION);
    JsonNode version = json.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION,
          "no integer \"version\" field").toException();
    }
    if (!version.canConvertToInt() || version.intValue() != VERSION) {
      throw new SnapshotError.InconsistentVersionImport(version.asText(), VERSION).toException();
    }
    return VERSION;
  }

  public byte[] encode() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("chain_name", chainName);
    json.put("mode", mode());
    json.put("block_hash", block.toBase58());
    json.put("level", level);
    json.put("timestamp", timestamp.toString());
    json.put("context_elements", contextElements);
    json.put("context_bytes", contextBytes);
    json.put("protocol_levels", protocolLevels);
    json.put("floating_blocks", floatingBlocks);
    json.put("cemented_cycles", cementedCycles);
    json.put("lowest_level", lowestLevel);
    json.put("source_history_mode", sourceHistoryMode);
    json.set("chain", StoreConfigJson.chainToJson(config));
    incremental.ifPresent(of -> {
      ObjectNode node = json.putObject("incremental");
      node.set("parent", of.parent().toJson());
      node.put("cemented_through", of.cementedThrough());
    });
    return StrictJson.write(json);
  }

  /** Reads {@code metadata.json}; anything missing, mistyped or out of range is Cannot_read. */
  public static SnapshotMetadata read(InputStream in, long size) {
    return decode(readBytes(in, size, MAX_BYTES, SnapshotError.Part.METADATA));
  }

  /** Decodes the bytes of {@code metadata.json}. */
  public static SnapshotMetadata decode(byte[] bytes) {
    JsonNode json = parse(bytes, SnapshotError.Part.METADATA);
    if (json.has("rollup")) {
      throw new SnapshotError.NotASnapshot("metadata.json", "a smart rollup node's snapshot, "
          + "not an L1 node's: use 'cairn rollup snapshot'").toException();
    }
    try {
      String mode = JsonFields.text(json, "mode");
      if (!mode.equals("full") && !mode.equals("rolling")) {
        throw new IllegalArgumentException("mode is \"" + mode + "\", not full or rolling");
      }
      String chainName = JsonFields.text(json, "chain_name");
      if (!CHAIN_NAME.matcher(chainName).matches()) {
        throw new IllegalArgumentException("chain_name must be 1 to 128 letters, digits, '_', "
            + "'-' or '.', not starting with '.'");
      }
      for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FIELDS.contains(name)) {
          throw new IllegalArgumentException("unknown field \""
              + MemberName.printable(name) + "\"");
        }
      }
      boolean rolling = mode.equals("rolling");
      StoreConfig config = StoreConfigJson.chainFromJson(json.get("chain"), chainName,
          rolling ? HistoryMode.rolling(HistoryMode.DEFAULT_OFFSET)
              : HistoryMode.full(HistoryMode.DEFAULT_OFFSET));
      String sourceMode = HistoryMode.parse(JsonFields.text(json, "source_history_mode"))
          .toString();
      int max = Integer.MAX_VALUE;
      return new SnapshotMetadata(config.chainName(), rolling,
          BlockHash.parse(JsonFields.text(json, "block_hash")),
          JsonFields.integer(json, "level", 1, max),
          Instant.parse(JsonFields.text(json, "timestamp")),
          JsonFields.natural(json, "context_elements"),
          JsonFields.natural(json, "context_bytes"),
          JsonFields.integer(json, "protocol_levels", 0, 256),
          JsonFields.integer(json, "floating_blocks", 0, max),
          JsonFields.integer(json, "cemented_cycles", 0, max),
          JsonFields.integer(json, "lowest_level", 0, max), sourceMode, config,
          json.has("incremental") ? Optional.of(incremental(json.get("incremental")))
              : Optional.empty());
    } catch (RuntimeException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.METADATA, StrictJson.summary(e))
          .toException(e);
    }
  }

  private static Incremental incremental(JsonNode json) {
    if (json == null || !json.isObject() || json.size() != 2) {
      throw new IllegalArgumentException("incremental is not an object of parent and "
          + "cemented_through");
    }
    return new Incremental(ParentLink.fromJson(json.get("parent")),
        JsonFields.integer(json, "cemented_through", 0, Integer.MAX_VALUE));
  }

  private static JsonNode readJson(InputStream in, long size, int max, SnapshotError.Part part) {
    return parse(readBytes(in, size, max, part), part);
  }

  /** A whole small member, after checking its size against {@code max}. */
  public static byte[] readBytes(InputStream in, long size, int max, SnapshotError.Part part) {
    if (size > max) {
      throw new SnapshotError.CannotRead(part, size + " bytes, more than the " + max
          + " such a member can have").toException();
    }
    try {
      byte[] bytes = new byte[(int) size];
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != size) {
        throw new SnapshotError.CannotRead(part, "ends after " + read + " of " + size
            + " bytes").toException();
      }
      return bytes;
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(part, StrictJson.summary(e)).toException(e);
    }
  }

  /** Parses a small JSON member strictly; {@code Cannot_read} of {@code part} if it does not. */
  public static JsonNode parse(byte[] bytes, SnapshotError.Part part) {
    try {
      JsonNode json = StrictJson.read(bytes);
      if (json == null || !json.isObject()) {
        throw new SnapshotError.CannotRead(part, "not a JSON object").toException();
      }
      return json;
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(part, StrictJson.summary(e)).toException(e);
    }
  }
}
