package dev.cairn.snapshot.rollup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.JsonFields;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.encoding.StrictJson;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.RollupStateHash;
import dev.cairn.validator.rollup.RollupLedger;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A rollup snapshot's {@code metadata.json}: what {@code rollup snapshot info} shows, and what
 * an import checks before it writes anything.
 *
 * @param rollup the rollup node's configuration (its history mode: the exporting node's)
 * @param compact whether the snapshot carries one state (the base's) rather than every one
 * @param headLevel the newest L2 level
 * @param headL1Block the L1 block of that level
 * @param timestamp that L1 block's timestamp
 * @param headState the PVM state's hash after the head
 * @param baseLevel the oldest L2 level in {@code l2_levels}
 * @param contextFrom the oldest level whose state {@code context} holds
 * @param levels levels in {@code l2_levels}: {@code headLevel − baseLevel + 1}
 * @param contextCommits distinct states in {@code context}
 * @param contextElements objects in {@code context}
 * @param contextBytes the {@code context} member's length
 * @param lastCemented the last cemented commitment the exporting node had seen L1 agree with
 */
public record RollupSnapshotMetadata(RollupConfig rollup, boolean compact, int headLevel,
    BlockHash headL1Block, Instant timestamp, RollupStateHash headState, int baseLevel,
    int contextFrom, int levels, int contextCommits, long contextElements, long contextBytes,
    Optional<RollupLedger.CommitmentRef> lastCemented) {

  private static final Set<String> FIELDS = Set.of("rollup", "mode", "head_level",
      "head_l1_block", "timestamp", "head_state", "base_level", "context_from", "levels",
      "context_commits", "context_elements", "context_bytes", "last_cemented");

  public RollupSnapshotMetadata {
    if (headLevel > dev.cairn.rollup.L2Block.MAX_LEVEL
        || baseLevel < rollup.originationLevel() || contextFrom < baseLevel
        || headLevel < contextFrom || levels != headLevel - baseLevel + 1
        || contextCommits < 1 || contextCommits > headLevel - contextFrom + 1
        || compact && (contextFrom != baseLevel || contextCommits != 1)
        || contextElements < 1 || contextBytes < 8
        || lastCemented.isPresent() && (lastCemented.get().inboxLevel() < baseLevel
            || lastCemented.get().inboxLevel() > headLevel)
        || contextFrom != baseLevel && lastCemented.map(c -> c.inboxLevel() != contextFrom)
            .orElse(true)) {
      throw new IllegalArgumentException("levels, context range, last cemented level and "
          + "counts do not fit together");
    }
  }

  /** {@code full} or {@code compact}. */
  public String mode() {
    return compact ? "compact" : "full";
  }

  /** The mode a manifest names it by: {@code rollup-full} or {@code rollup-compact}. */
  public String manifestMode() {
    return "rollup-" + mode();
  }

  public byte[] encode() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("rollup", rollup.toJson());
    json.put("mode", mode());
    json.put("head_level", headLevel);
    json.put("head_l1_block", headL1Block.toString());
    json.put("timestamp", timestamp.toString());
    json.put("head_state", headState.toString());
    json.put("base_level", baseLevel);
    json.put("context_from", contextFrom);
    json.put("levels", levels);
    json.put("context_commits", contextCommits);
    json.put("context_elements", contextElements);
    json.put("context_bytes", contextBytes);
    if (lastCemented.isPresent()) {
      json.putObject("last_cemented").put("hash", lastCemented.get().hash().toString())
          .put("inbox_level", lastCemented.get().inboxLevel());
    } else {
      json.putNull("last_cemented");
    }
    return StrictJson.write(json);
  }

  /** Reads the member ({@code size} bytes); {@code Cannot_read} of metadata if it is unfit. */
  public static RollupSnapshotMetadata read(InputStream in, long size) {
    JsonNode json = SnapshotMetadata.parse(SnapshotMetadata.readBytes(in, size,
        SnapshotMetadata.MAX_BYTES, SnapshotError.Part.METADATA), SnapshotError.Part.METADATA);
    if (!json.has("rollup")) {
      throw new SnapshotError.NotASnapshot("metadata.json", "an L1 node's snapshot, not a "
          + "rollup node's: use 'cairn snapshot'").toException();
    }
    try {
      for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FIELDS.contains(name)) {
          throw new IllegalArgumentException("unknown field \"" + MemberName.printable(name)
              + "\"");
        }
      }
      String mode = JsonFields.text(json, "mode");
      if (!mode.equals("full") && !mode.equals("compact")) {
        throw new IllegalArgumentException("mode is neither full nor compact");
      }
      JsonNode cemented = json.get("last_cemented");
      Optional<RollupLedger.CommitmentRef> lastCemented = cemented == null || cemented.isNull()
          ? Optional.empty()
          : Optional.of(new RollupLedger.CommitmentRef(
              CommitmentHash.parse(JsonFields.text(cemented, "hash")),
              JsonFields.integer(cemented, "inbox_level", 1, Integer.MAX_VALUE)));
      return new RollupSnapshotMetadata(RollupConfig.fromJson(json.get("rollup")),
          mode.equals("compact"), JsonFields.integer(json, "head_level", 1, Integer.MAX_VALUE),
          BlockHash.parse(JsonFields.text(json, "head_l1_block")),
          Instant.parse(JsonFields.text(json, "timestamp")),
          RollupStateHash.parse(JsonFields.text(json, "head_state")),
          JsonFields.integer(json, "base_level", 1, Integer.MAX_VALUE),
          JsonFields.integer(json, "context_from", 1, Integer.MAX_VALUE),
          JsonFields.integer(json, "levels", 1, Integer.MAX_VALUE),
          JsonFields.integer(json, "context_commits", 1, Integer.MAX_VALUE),
          JsonFields.natural(json, "context_elements"),
          JsonFields.natural(json, "context_bytes"), lastCemented);
    } catch (RuntimeException e) {
      String reason = e instanceof dev.cairn.error.CairnException c ? c.error().details()
          : StrictJson.summary(e);
      throw new SnapshotError.CannotRead(SnapshotError.Part.METADATA, reason).toException(e);
    }
  }
}
