package dev.cairn.store.encoding;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one way Cairn reads JSON that comes from outside ({@code config.json}, a snapshot's
 * members, the store's markers) and writes its own: a duplicate key, trailing content after the
 * value, or nesting deeper than {@value #MAX_DEPTH} is an error, never resolved silently; and a
 * parser's multi-line message is {@link #summary summarised} to one line in our words.
 */
public final class StrictJson {

  /** The deepest nesting accepted; Cairn's own files nest three levels. */
  public static final int MAX_DEPTH = 16;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH).maxNumberLength(64).maxStringLength(1 << 20).build());
  }

  private StrictJson() {}

  /** Parses {@code bytes}; {@link IOException} (summarised by {@link #summary}) if not JSON. */
  public static JsonNode read(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /** Cairn's own JSON, indented. */
  public static byte[] write(JsonNode json) {
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree does not serialise", e);
    }
  }

  /**
   * One line saying what was wrong: a parser's message without its location block ({@code at
   * [Source: …]}) and with the line and column it names; any other message's first line.
   */
  public static String summary(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof JsonProcessingException json) {
      message = json.getOriginalMessage();
      if (message == null) {
        message = "malformed";
      }
      if (json.getLocation() != null && json.getLocation().getLineNr() > 0) {
        message += " (line " + json.getLocation().getLineNr() + ", column "
            + json.getLocation().getColumnNr() + ")";
      }
      if (e instanceof JsonParseException) {
        message = "not valid JSON: " + message;
      }
    }
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
