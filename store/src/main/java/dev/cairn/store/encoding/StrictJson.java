package dev.cairn.store.encoding;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.error.CauseText;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one way Cairn reads JSON that comes from outside ({@code config.json}, a snapshot's
 * members, the store's markers) and writes its own: a duplicate key, trailing content after the
 * value, or nesting deeper than {@value #MAX_DEPTH} is an error, never resolved silently; and
 * what went wrong is {@link #summary told} in one line of our words, never the parser's.
 */
public final class StrictJson {

  /** The deepest nesting accepted; Cairn's own files nest three levels. */
  public static final int MAX_DEPTH = 16;

  /** The longest number accepted, in digits (a 64-bit integer has at most 20). */
  public static final int MAX_NUMBER_LENGTH = 64;

  /** The longest string accepted, in characters. */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private static final ObjectMapper COMPACT = JsonMapper.builder().build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH)
        .maxStringLength(MAX_STRING_LENGTH).build());
  }

  private StrictJson() {}

  /** Parses {@code bytes}; {@link IOException} (summarised by {@link #summary}) if not JSON. */
  public static JsonNode read(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /**
   * A streaming parser over {@code bytes} with the same rules, for a reader that needs where a
   * value lies in the bytes (a signed object, whose exact bytes are what was signed).
   */
  public static JsonParser parser(byte[] bytes) throws IOException {
    return MAPPER.createParser(bytes);
  }

  /**
   * The value {@code parser} is at, as a tree, read with the same rules (what follows it is the
   * caller's to read).
   */
  public static JsonNode readValue(JsonParser parser) throws IOException {
    return MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .readTree(parser);
  }

  /** Cairn's own JSON on one line, without white space. */
  public static String writeCompact(JsonNode json) {
    try {
      return COMPACT.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree does not serialise", e);
    }
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
   * One line in our words saying what was wrong with JSON that did not read (or with a value in
   * it): never the parser's own message, which is several lines and names its internals; the
   * line and column where the parser stopped, if it knows them. Anything else is told by {@link
   * CauseText}.
   */
  public static String summary(Throwable e) {
    if (e instanceof DateTimeParseException time) {
      return "'" + CauseText.oneLine(time.getParsedString())
          + "' is not a UTC timestamp such as 2026-01-01T00:00:00Z";
    }
    if (!(e instanceof JsonProcessingException json)) {
      return CauseText.of(e);
    }
    String original = json.getOriginalMessage() == null ? "" : json.getOriginalMessage();
    String what;
    if (e instanceof StreamConstraintsException) {
      what = original.contains("nesting depth") ? "nested deeper than " + MAX_DEPTH + " levels"
          : original.contains("Number") ? "a number longer than " + MAX_NUMBER_LENGTH + " digits"
          : original.contains("String") ? "a string longer than " + MAX_STRING_LENGTH + " characters"
          : "beyond the sizes Cairn reads";
    } else if (e instanceof JsonEOFException) {
      what = "not valid JSON: it ends early";
    } else if (original.startsWith("Duplicate field")) {
      what = duplicateKey(json).map(key -> "the key \"" + CauseText.oneLine(key) + "\"")
          .orElse("a key") + " appears twice";
    } else if (original.startsWith("Trailing token")) {
      what = "more data after the JSON value";
    } else {
      what = "not valid JSON";
    }
    JsonLocation at = json.getLocation();
    return at != null && at.getLineNr() > 0
        ? what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : what;
  }

  /** The key a duplicate-key failure is about, as the parser stopped on it. */
  private static Optional<String> duplicateKey(JsonProcessingException e) {
    if (e.getProcessor() instanceof JsonParser parser) {
      try {
        return Optional.ofNullable(parser.currentName());
      } catch (IOException notKnown) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
