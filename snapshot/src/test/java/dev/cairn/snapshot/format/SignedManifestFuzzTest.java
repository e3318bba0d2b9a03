package dev.cairn.snapshot.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jazzer target on the manifest reader: a manifest Cairn writes (tar, split or raw), then bytes
 * of it overwritten, inserted or cut, fields renamed, a second copy of a field added, text
 * appended. Reading it must give a manifest whose signed bytes stand in the input exactly and
 * read again to the same manifest, or {@code Invalid_manifest} in one line; nothing else may
 * escape, and checking its signatures never throws. The committed corpus replays in every build;
 * {@code JAZZER_FUZZ=1 mvn -pl snapshot test -Dtest=SignedManifestFuzzTest} fuzzes.
 */
class SignedManifestFuzzTest {

  private static final String[] FIELDS = {"\"signed\"", "\"signatures\"", "\"size\"",
      "\"parts\"", "\"files\"", "\"sha256\"", "\"snapshot\"", "\"name\"", "\"layout\"",
      "\"version\"", "\"public_key\"", "\"parent\"", "\"manifest_sha256\""};

  @FuzzTest(maxDuration = "30s")
  void readingManifest(FuzzedDataProvider data) {
    String text = new String(SignedManifest.unsigned(SignedManifestTest.generated(
        data.consumeInt(1, 12))).encode(), StandardCharsets.UTF_8);
    if (data.consumeBoolean()) {
      text = text.replace("\"signatures\": []", "\"signatures\": [{\"public_key\": "
          + "\"edpkuBknW28nW72KG6RoHtYW7p12T6GKc7nAbwYX5m8Wd9sDVC9yav\", \"signature\": "
          + "\"" + data.consumeAsciiString(99) + "\"}]");
    }
    int renames = data.consumeInt(0, 3);
    for (int i = 0; i < renames; i++) {
      String field = FIELDS[data.consumeInt(0, FIELDS.length - 1)];
      String replacement = data.consumeBoolean() ? data.consumeAsciiString(12)
          : field + " : " + data.consumeAsciiString(16) + ", " + field;
      text = text.replaceFirst(Pattern.quote(field), Matcher.quoteReplacement(replacement));
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int edits = data.consumeInt(0, 6);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      int at = data.consumeInt(0, bytes.length - 1);
      switch (data.consumeInt(0, 2)) {
        case 0 -> bytes[at] = data.consumeByte();
        case 1 -> bytes = Arrays.copyOf(bytes, at);
        default -> {
          byte[] inserted = data.consumeBytes(data.consumeInt(0, 16));
          byte[] grown = new byte[bytes.length + inserted.length];
          System.arraycopy(bytes, 0, grown, 0, at);
          System.arraycopy(inserted, 0, grown, at, inserted.length);
          System.arraycopy(bytes, at, grown, at + inserted.length, bytes.length - at);
          bytes = grown;
        }
      }
    }
    byte[] tail = data.consumeRemainingAsBytes();
    byte[] input = Arrays.copyOf(bytes, bytes.length + tail.length);
    System.arraycopy(tail, 0, input, bytes.length, tail.length);
    try {
      SignedManifest manifest = SignedManifest.decode(input, "fuzzed");
      assertThat(new String(input, StandardCharsets.ISO_8859_1)).contains(
          new String(manifest.signed().toArray(), StandardCharsets.ISO_8859_1));
      assertThat(SignedManifest.decode(manifest.encode(), "again")).isEqualTo(manifest);
      manifest.signatures().forEach(manifest::verifies);
    } catch (CairnException e) {
      assertThat(e.error().name()).as(e.getMessage()).isEqualTo("Invalid_manifest");
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }
}
