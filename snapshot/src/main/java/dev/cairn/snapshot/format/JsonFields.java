package dev.cairn.snapshot.format;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed fields of a JSON object read from a snapshot ({@code metadata.json}, a manifest): each
 * missing or mistyped field is an {@link IllegalArgumentException} naming it, which the reader
 * turns into its typed error.
 */
public final class JsonFields {

  private JsonFields() {}

  public static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("no text field \"" + field + "\"");
    }
    return node.textValue();
  }

  public static int integer(JsonNode json, String field, int min, int max) {
    JsonNode node = json.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()
        || node.intValue() < min || node.intValue() > max) {
      throw new IllegalArgumentException("field \"" + field + "\" is not an integer in ["
          + min + ", " + max + "]");
    }
    return node.intValue();
  }

  public static long natural(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()
        || node.longValue() < 0) {
      throw new IllegalArgumentException("field \"" + field + "\" is not a natural number");
    }
    return node.longValue();
  }
}
