package dev.cairn.store.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@link StrictJson} refuses, and that it says so in one line of our words. */
class StrictJsonTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "duplicate key       | '{\"a\": 1,\n \"a\": 2}'  | the key \"a\" appears twice (line 2",
      "trailing value      | '{\"a\": 1} {\"b\": 2}'   | more data after the JSON value (line 1",
      "ends early          | '{\"a\": [1, 2'          | not valid JSON: it ends early (line 1",
      "bad character       | '{\"a\": x}'             | not valid JSON (line 1, column 7)",
      "NaN                 | '{\"a\": NaN}'           | not valid JSON (line 1",
      "number too long     | '{\"a\": 1111111111111111111111111111111111111111111111111111111111111111111}'"
          + " | a number longer than 64 digits",
  })
  void refusesWithOneLineInOurWords(String what, String json, String expected) {
    assertThatThrownBy(() -> StrictJson.read(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(StrictJson.summary(e))
            .startsWith(expected)
            .doesNotContain("\n", "Source", "`", "Jackson", "jackson", "Exception",
                "StreamReadConstraints", "Duplicate field", "Unexpected"));
  }

  @Test
  void refusesNestingDeeperThanItsMaximum() throws IOException {
    String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
    String deepest = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
    assertThatThrownBy(() -> StrictJson.read(deep.getBytes(StandardCharsets.UTF_8)))
        .satisfies(e -> assertThat(StrictJson.summary(e))
            .startsWith("nested deeper than 16 levels"));
    assertThat(StrictJson.read(deepest.getBytes(StandardCharsets.UTF_8)).isArray()).isTrue();
  }

  @Test
  void aTimestampThatDoesNotParseIsToldInOurWords() {
    assertThatThrownBy(() -> Instant.parse("yesterday"))
        .isInstanceOf(DateTimeParseException.class)
        .satisfies(e -> assertThat(StrictJson.summary(e))
            .isEqualTo("'yesterday' is not a UTC timestamp such as 2026-01-01T00:00:00Z"));
  }

  @Test
  void writesWhatItReads() throws IOException {
    byte[] json = "{\"a\":[1,{\"b\":\"c\"}],\"d\":null}".getBytes(StandardCharsets.UTF_8);
    assertThat(StrictJson.read(StrictJson.write(StrictJson.read(json))))
        .isEqualTo(StrictJson.read(json));
  }
}
