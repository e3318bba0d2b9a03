package dev.cairn.snapshot.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.store.hash.BlockHash;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Set;

/**
 * An incremental snapshot's parent (DESIGN §16), as its {@code metadata.json} and its manifest
 * both name it: the parent's block and level, its manifest's file name (beside this one's, where
 * an import looks first) and that manifest's SHA-256 over all its bytes, which binds the whole
 * chain below: the parent's manifest holds its snapshot's digests, and its own parent's digest.
 */
public record ParentLink(BlockHash block, int level, String manifestName, Sha256 manifestSha256) {

  private static final Set<String> FIELDS = Set.of("block_hash", "level", "manifest",
      "manifest_sha256");

  public ParentLink {
    SnapshotManifest.plainName(manifestName, "parent manifest");
  }

  /**
   * The digest a child records of its parent's manifest: the SHA-256 of the manifest's signed
   * object, the bytes its signatures cover, so that signing the parent later ({@code snapshot
   * sign}) does not break the link.
   */
  public static Sha256 digestOf(SignedManifest manifest) {
    MessageDigest digester = Sha256.digester();
    digester.update(manifest.signed().toArray());
    return Sha256.of(digester);
  }

  /** The link a child of the snapshot {@code manifest} names, {@code manifestName} beside it. */
  public static ParentLink to(SignedManifest manifest, String manifestName) {
    return new ParentLink(manifest.manifest().block(), manifest.manifest().level(), manifestName,
        digestOf(manifest));
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("block_hash", block.toString());
    json.put("level", level);
    json.put("manifest", manifestName);
    json.put("manifest_sha256", manifestSha256.toHex());
    return json;
  }

  /** Decodes a parent object; anything missing, mistyped or unknown is an argument error. */
  static ParentLink fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the parent is not an object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown parent field \""
            + MemberName.printable(name) + "\"");
      }
    }
    return new ParentLink(BlockHash.parse(JsonFields.text(json, "block_hash")),
        JsonFields.integer(json, "level", 1, Integer.MAX_VALUE),
        JsonFields.text(json, "manifest"), Sha256.parse(JsonFields.text(json, "manifest_sha256")));
  }
}
