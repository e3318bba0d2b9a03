package dev.cairn.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  static void print(PrintWriter out, ObjectNode root) {
    try {
      out.println(MAPPER.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree does not serialise", e);
    }
  }
}
