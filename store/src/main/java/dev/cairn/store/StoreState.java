package dev.cairn.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.encoding.StrictJson;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the store commits in one atomic write: the markers, the highest cemented level and the
 * floating log generation in use. The {@code store/markers} file is the store's commit point: a
 * cemented file above {@code cementedHighest}, or a floating log of another generation, is left over
 * from a change that did not commit, and is removed when the store next opens for writing.
 *
 * @param cementedHighest the level of the last cemented block, or 0 when nothing is cemented
 */
record StoreState(Markers markers, int cementedHighest, long floatingGeneration) {

  private static final long MAX_FILE_BYTES = 64 * 1024;

  StoreState {
    if (cementedHighest < 0 || cementedHighest > markers.checkpoint().level()) {
      throw new IllegalArgumentException("cemented level " + cementedHighest
          + " is not between 0 and the checkpoint");
    }
  }

  StoreState withMarkers(Markers newMarkers) {
    return new StoreState(newMarkers, cementedHighest, floatingGeneration);
  }

  /** Writes the markers file atomically and durably: the store's commit point. */
  void write(Path file) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    put(json, "head", markers.head());
    put(json, "checkpoint", markers.checkpoint());
    put(json, "savepoint", markers.savepoint());
    put(json, "caboose", markers.caboose());
    json.put("cemented_highest_level", cementedHighest);
    json.put("floating_generation", floatingGeneration);
    AtomicFile.write(file, StrictJson.write(json));
  }

  static StoreState read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("larger than " + MAX_FILE_BYTES + " bytes");
      }
      JsonNode json = StrictJson.read(Files.readAllBytes(file));
      Markers markers = new Markers(ref(json, "head"), ref(json, "checkpoint"),
          ref(json, "savepoint"), ref(json, "caboose"));
      return new StoreState(markers, json.required("cemented_highest_level").asInt(),
          json.required("floating_generation").asLong());
    } catch (IOException | RuntimeException e) {
      throw new StoreError.CorruptedStore("unreadable markers " + file + ": "
          + StrictJson.summary(e))
          .toException(e);
    }
  }

  private static void put(ObjectNode json, String name, BlockRef ref) {
    json.putObject(name).put("hash", ref.hash().toBase58()).put("level", ref.level());
  }

  private static BlockRef ref(JsonNode json, String name) {
    JsonNode node = json.required(name);
    return new BlockRef(BlockHash.parse(node.required("hash").asText()),
        node.required("level").asInt());
  }
}
