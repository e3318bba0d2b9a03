package dev.cairn.snapshot.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;

/**
 * Jazzer targets on what a remote store or a user hands the remote reader as text: a {@code
 * Content-Range} header (taken exactly, or refused; never an exception) and a SOURCE that looks
 * remote (a location, shown without its query or user information, or {@code
 * Source_unreachable}). The committed corpus replays in every build; {@code JAZZER_FUZZ=1 mvn -pl
 * snapshot test -Dtest=RemoteAnswersFuzzTest} fuzzes.
 */
class RemoteAnswersFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void contentRange(FuzzedDataProvider data) {
    String header = data.consumeRemainingAsString();
    ContentRange.parse(header).ifPresent(range -> {
      assertThat(range.first()).isNotNegative().isLessThanOrEqualTo(range.last());
      assertThat(range.last()).isLessThan(range.total());
      // The header is the range it was read as, but for leading zeros (RFC 9110's 1*DIGIT
      // allows them; found by this target).
      assertThat(header.replaceAll("(?<=[ /-])0+(?=[0-9])", "")).isEqualTo("bytes "
          + range.first() + "-" + range.last() + "/" + range.total());
    });
  }

  @FuzzTest(maxDuration = "20s")
  void remoteLocation(FuzzedDataProvider data) {
    String scheme = data.pickValue(new String[] {"http://", "https://", "s3://", "HTTP://"});
    String secret = "SECRETQ";
    String source = scheme + data.consumeString(200)
        + (data.consumeBoolean() ? "?token=" + secret : "");
    try {
      RemoteLocation location = RemoteLocation.parse(source);
      if (location instanceof RemoteLocation.Http) {
        assertThat(location.display()).doesNotContain(secret).doesNotContain("?");
      }
      String name = data.consumeString(40);
      if (!name.isEmpty() && !name.contains("/") && !name.equals(".") && !name.equals("..")) {
        assertThat(location.beside(name).fileName()).isEqualTo(name);
      }
    } catch (CairnException e) {
      assertThat(e.error().name()).isEqualTo("Source_unreachable");
      assertThat(e.error().details()).doesNotContain(secret).doesNotContain("\n");
    }
  }
}
