package dev.cairn.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.snapshot.format.ParentLink;
import dev.cairn.store.chain.BlockRef;
import java.io.PrintWriter;

/** {@code --json}: one JSON object on one line of standard output. */
final class JsonOutput {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonOutput() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code "name": {"hash": …, "level": …}}. */
  static void putRef(ObjectNode root, String name, BlockRef ref) {
    root.putObject(name).put("hash", ref.hash().toString()).put("level", ref.level());
  }

  /** An incremental snapshot's parent, as {@code "parent": {block_hash, level, manifest, …}}. */
  static void putParent(ObjectNode root, ParentLink parent) {
    root.putObject("parent").put("block_hash", parent.block().toString())
        .put("level", parent.level()).put("manifest", parent.manifestName())
        .put("manifest_sha256", parent.manifestSha256().toHex());
  }

  static void print(PrintWriter out, ObjectNode root) {
    try {
      out.println(MAPPER.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree does not serialise", e);
    }
  }
}
