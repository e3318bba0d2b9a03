package dev.cairn.snapshot.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.store.encoding.StrictJson;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a manifest says of its snapshot (DESIGN §14; the bytes in {@code docs/FORMAT.md}): which
 * snapshot it is (the same as its {@code metadata.json}), how it is laid out, its size and
 * SHA-256 (for a Raw snapshot, each member file's), its parts when split, and the Cairn that
 * wrote it. This is the signed object of a {@link SignedManifest}; it is decoded only from the
 * bytes the signatures cover.
 *
 * @param snapshotName the snapshot's file (or Raw directory) name, beside the manifest
 * @param size the snapshot's bytes: the file's, the parts' together, or the member files'
 * @param sha256 the SHA-256 of the whole file (tar layouts); empty for Raw
 * @param parts the parts in order, if the export was split; their names are {@link #partName}
 * @param files a Raw snapshot's member files, in the order they are read
 * @param parent an incremental snapshot's parent, as its {@code metadata.json} names it
 */
public record SnapshotManifest(
    String chainName, String mode, BlockHash block, int level, Instant timestamp,
    Layout layout, String snapshotName, long size, Optional<Sha256> sha256, List<Entry> parts,
    List<Entry> files, String cairnVersion, Optional<ParentLink> parent) {

  /**
   * The modes a manifest may name: an L1 snapshot's {@code full} or {@code rolling}, a rollup
   * snapshot's {@code rollup-full} or {@code rollup-compact} (docs/ROLLUPS.md).
   */
  public static final List<String> MODES = List.of("full", "rolling", "rollup-full",
      "rollup-compact");

  /** The manifest of an ordinary (base) snapshot. */
  public SnapshotManifest(
      String chainName, String mode, BlockHash block, int level, Instant timestamp,
      Layout layout, String snapshotName, long size, Optional<Sha256> sha256, List<Entry> parts,
      List<Entry> files, String cairnVersion) {
    this(chainName, mode, block, level, timestamp, layout, snapshotName, size, sha256, parts,
        files, cairnVersion, Optional.empty());
  }

  /** The mode of an L1 snapshot, {@code rolling} or {@code full}. */
  public static String l1Mode(boolean rolling) {
    return rolling ? "rolling" : "full";
  }

  /** Whether this is an L1 snapshot of a rolling node. */
  public boolean rolling() {
    return mode.equals("rolling");
  }

  /** Whether this is a rollup node's snapshot rather than an L1 node's. */
  public boolean rollup() {
    return mode.startsWith("rollup-");
  }

  /** The {@code format} field. */
  public static final String FORMAT = "cairn-snapshot-manifest";

  /** The manifest version this Cairn writes and reads. */
  public static final int VERSION = 1;

  /** A manifest's file name is its snapshot's with this added. */
  public static final String FILE_SUFFIX = ".manifest.json";

  /** The most parts (or Raw member files) a manifest may list. */
  public static final int MAX_ENTRIES = 100_000;

  private static final Set<String> FIELDS = Set.of("format", "version", "chain_name", "mode",
      "block_hash", "level", "timestamp", "layout", "snapshot", "size", "sha256", "parts", "files",
      "cairn_version", "parent");

  /** A part, or a Raw member file: its plain name, its size and its SHA-256. */
  public record Entry(String name, long size, Sha256 sha256) {}

  public SnapshotManifest {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("mode " + mode + " is none of " + MODES);
    }
    parts = List.copyOf(parts);
    files = List.copyOf(files);
    boolean raw = layout == Layout.RAW;
    if (raw ? sha256.isPresent() || !parts.isEmpty() || files.isEmpty()
        : sha256.isEmpty() || !files.isEmpty()) {
      throw new IllegalArgumentException("a " + layout + " snapshot is listed by "
          + (raw ? "its files, with no sha256 and no parts" : "its sha256, with no files"));
    }
  }

  /**
   * The name of part {@code index} of the snapshot {@code snapshotName} of {@code block}: {@code
   * FILE.<block hash>.part-00000}. The block hash makes a published part's name its own: a
   * distributor who publishes another snapshot under the same name ("latest") never overwrites
   * a part that a reader of the earlier manifest is still fetching.
   */
  public static String partName(String snapshotName, BlockHash block, int index) {
    return String.format("%s.%s.part-%05d", snapshotName, block, index);
  }

  /**
   * What a listing shows of a manifest, without its lists of parts or files.
   *
   * @param parts how many parts
   */
  public record Summary(String chainName, String mode, BlockHash block, int level,
      Layout layout, String snapshotName, long size, int parts, Optional<ParentLink> parent,
      String cairnVersion) {

    public boolean rolling() {
      return mode.equals("rolling");
    }
  }

  /** This manifest's {@link Summary}. */
  public Summary summary() {
    return new Summary(chainName, mode, block, level, layout, snapshotName, size,
        parts.size(), parent, cairnVersion);
  }

  /** Whether the snapshot is in parts. */
  public boolean split() {
    return !parts.isEmpty();
  }

  /**
   * Whether this manifest names the snapshot whose {@code metadata.json} is {@code metadata}:
   * empty if it does, else what differs.
   */
  public Optional<String> disagreement(SnapshotMetadata metadata) {
    if (!chainName.equals(metadata.chainName())) {
      return Optional.of("chain " + chainName + ", the snapshot's is " + metadata.chainName());
    }
    if (!mode.equals(metadata.mode())) {
      return Optional.of("mode " + mode + ", the snapshot's is " + metadata.mode());
    }
    if (!block.equals(metadata.block()) || level != metadata.level()) {
      return Optional.of("block " + block + " at level " + level + ", the snapshot's is "
          + metadata.block() + " at level " + metadata.level());
    }
    if (!timestamp.equals(metadata.timestamp())) {
      return Optional.of("timestamp " + timestamp + ", the snapshot's is "
          + metadata.timestamp());
    }
    Optional<ParentLink> named = metadata.incremental().map(SnapshotMetadata.Incremental::parent);
    if (!parent.equals(named)) {
      return Optional.of("parent " + parent.map(p -> p.block() + " (" + p.manifestName() + ")")
          .orElse("none") + ", the snapshot's is " + named.map(p -> p.block() + " ("
          + p.manifestName() + ")").orElse("none"));
    }
    return Optional.empty();
  }

  /**
   * The signed object's bytes: one field a line, in a fixed order, and one line per part or
   * file (so that a manifest of 100,000 entries stays within {@link SignedManifest#MAX_BYTES}).
   */
  public byte[] encode() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    List<String> fields = new ArrayList<>();
    fields.add(field("format", nodes.textNode(FORMAT)));
    fields.add(field("version", nodes.numberNode(VERSION)));
    fields.add(field("chain_name", nodes.textNode(chainName)));
    fields.add(field("mode", nodes.textNode(mode)));
    fields.add(field("block_hash", nodes.textNode(block.toString())));
    fields.add(field("level", nodes.numberNode(level)));
    fields.add(field("timestamp", nodes.textNode(timestamp.toString())));
    fields.add(field("layout", nodes.textNode(layout.toString())));
    fields.add(field("snapshot", nodes.textNode(snapshotName)));
    fields.add(field("size", nodes.numberNode(size)));
    sha256.ifPresent(digest -> fields.add(field("sha256", nodes.textNode(digest.toHex()))));
    if (!parts.isEmpty()) {
      fields.add(entries("parts", parts));
    }
    if (!files.isEmpty()) {
      fields.add(entries("files", files));
    }
    parent.ifPresent(link -> fields.add(field("parent", link.toJson())));
    fields.add(field("cairn_version", nodes.textNode(cairnVersion)));
    return ("{\n  " + String.join(",\n  ", fields) + "\n}").getBytes(StandardCharsets.UTF_8);
  }

  private static String field(String name, JsonNode value) {
    return StrictJson.writeCompact(JsonNodeFactory.instance.textNode(name)) + ": "
        + StrictJson.writeCompact(value);
  }

  private static String entries(String name, List<Entry> entries) {
    StringBuilder out = new StringBuilder(entries.size() * 128);
    out.append(StrictJson.writeCompact(JsonNodeFactory.instance.textNode(name))).append(": [");
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("name", entry.name());
      node.put("size", entry.size());
      node.put("sha256", entry.sha256().toHex());
      out.append(i == 0 ? "\n    " : ",\n    ").append(StrictJson.writeCompact(node));
    }
    return out.append("\n  ]").toString();
  }

  /**
   * Decodes the signed object's bytes; anything missing, mistyped, unknown, out of range or
   * inconsistent (parts that are not this snapshot's, sizes that do not add up) is an {@link
   * IllegalArgumentException} saying what.
   */
  static SnapshotManifest decode(byte[] signed) {
    JsonNode json;
    try {
      json = StrictJson.read(signed);
    } catch (IOException e) {
      throw new IllegalArgumentException(StrictJson.summary(e), e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("\"signed\" is not an object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + CauseText.oneLine(name) + "\"");
      }
    }
    if (!FORMAT.equals(JsonFields.text(json, "format"))) {
      throw new IllegalArgumentException("format is not " + FORMAT);
    }
    int version = JsonFields.integer(json, "version", 0, Integer.MAX_VALUE);
    if (version != VERSION) {
      throw new IllegalArgumentException("manifest version " + version + "; this Cairn reads "
          + VERSION);
    }
    String chainName = JsonFields.text(json, "chain_name");
    if (!SnapshotMetadata.CHAIN_NAME.matcher(chainName).matches()) {
      throw new IllegalArgumentException("chain_name is not a chain name");
    }
    String mode = JsonFields.text(json, "mode");
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("mode is none of " + String.join(", ", MODES));
    }
    Layout layout = Layout.named(JsonFields.text(json, "layout")).orElseThrow(() ->
        new IllegalArgumentException("layout is none of raw, tar, tar+zstd"));
    String snapshotName = plainName(JsonFields.text(json, "snapshot"), "snapshot");
    long size = JsonFields.natural(json, "size");
    Optional<Sha256> sha256 = json.has("sha256")
        ? Optional.of(Sha256.parse(JsonFields.text(json, "sha256"))) : Optional.empty();
    List<Entry> parts = entries(json, "parts");
    List<Entry> files = entries(json, "files");
    BlockHash block = BlockHash.parse(JsonFields.text(json, "block_hash"));
    if (layout == Layout.RAW) {
      for (Entry file : files) {
        try {
          MemberName.parse(file.name());
        } catch (CairnException e) {
          throw new IllegalArgumentException("\"files\" lists '" + CauseText.oneLine(file.name())
              + "', which is no member of a snapshot", e);
        }
      }
    }
    for (int i = 0; i < parts.size(); i++) {
      if (!parts.get(i).name().equals(partName(snapshotName, block, i))
          || parts.get(i).size() == 0) {
        throw new IllegalArgumentException("part " + i + " is not named "
            + partName(snapshotName, block, i) + " or is empty");
      }
    }
    List<Entry> listed = layout == Layout.RAW ? files : parts;
    if (!listed.isEmpty()) {
      long total = 0;
      for (Entry entry : listed) {
        total = Math.addExact(total, entry.size());
      }
      if (total != size) {
        throw new IllegalArgumentException("its " + listed.size() + " entries hold " + total
            + " bytes, not the " + size + " it gives as the size");
      }
    }
    String cairnVersion = JsonFields.text(json, "cairn_version");
    if (cairnVersion.length() > 64 || !cairnVersion.equals(CauseText.printable(cairnVersion))) {
      throw new IllegalArgumentException("cairn_version is not a short line");
    }
    // The constructor refuses a layout listed the wrong way (a raw snapshot with a sha256, ...).
    return new SnapshotManifest(chainName, mode, block,
        JsonFields.integer(json, "level", 1, Integer.MAX_VALUE),
        Instant.parse(JsonFields.text(json, "timestamp")), layout, snapshotName, size, sha256,
        parts, files, cairnVersion, json.has("parent")
            ? Optional.of(ParentLink.fromJson(json.get("parent"))) : Optional.empty());
  }

  private static List<Entry> entries(JsonNode json, String field) {
    JsonNode array = json.get(field);
    if (array == null) {
      return List.of();
    }
    if (!array.isArray() || array.isEmpty() || array.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("\"" + field + "\" is not a list of 1 to "
          + MAX_ENTRIES + " entries");
    }
    List<Entry> entries = new ArrayList<>(array.size());
    Set<String> names = new HashSet<>();
    Set<String> entryFields = Set.of("name", "size", "sha256");
    for (JsonNode node : array) {
      if (!node.isObject() || node.size() != entryFields.size()
          || !entryFields.stream().allMatch(node::has)) {
        throw new IllegalArgumentException("an entry of \"" + field + "\" is not {name, size, "
            + "sha256}");
      }
      String name = field.equals("files") ? JsonFields.text(node, "name")
          : plainName(JsonFields.text(node, "name"), field);
      if (!names.add(name)) {
        throw new IllegalArgumentException("\"" + field + "\" lists "
            + CauseText.oneLine(name) + " twice");
      }
      entries.add(new Entry(name, JsonFields.natural(node, "size"),
          Sha256.parse(JsonFields.text(node, "sha256"))));
    }
    return entries;
  }

  /**
   * {@code name} if it is a plain file name: no separator, not {@code .} or {@code ..}, no
   * control character, at most 255 bytes; such a name can only resolve beside the manifest.
   */
  static String plainName(String name, String field) {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0 || !name.equals(CauseText.printable(name))
        || name.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new IllegalArgumentException("\"" + field + "\" holds '" + CauseText.oneLine(name)
          + "', which is not a plain file name");
    }
    return name;
  }
}
