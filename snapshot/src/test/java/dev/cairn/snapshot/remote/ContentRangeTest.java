package dev.cairn.snapshot.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server's {@code Content-Range}: only the one strict form is taken, exactly. */
class ContentRangeTest {

  @ParameterizedTest
  @ValueSource(strings = {"bytes 0-0/1", "bytes 5-9/10", "bytes 16384-32767/225000000",
      "bytes 0-999999999999999998/999999999999999999"})
  void aWellFormedRangeIsTakenAsItSays(String header) {
    String[] numbers = header.substring(6).split("[-/]");
    assertThat(ContentRange.parse(header)).hasValueSatisfying(range -> {
      assertThat(range.first()).isEqualTo(Long.parseLong(numbers[0]));
      assertThat(range.last()).isEqualTo(Long.parseLong(numbers[1]));
      assertThat(range.total()).isEqualTo(Long.parseLong(numbers[2]));
      assertThat(range.length()).isEqualTo(range.last() - range.first() + 1);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bytes", "bytes */10", "bytes 0-9/*", "bytes 9-5/10",
      "bytes 0-10/10", "bytes -1-5/10", "bytes +1-5/10", "bytes 1 -5/10", "items 0-1/2",
      "bytes 0-1/2 ", "bytes 0-1/1234567890123456789", "bytes 0x1-5/10", "bytes 0-5-6/10",
      "bytes ٠-٥/١٠"})
  void anythingElseIsRefused(String header) {
    assertThat(ContentRange.parse(header)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void generatedRangesReadBackExactly(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 1000; i++) {
      long total = 1 + (random.nextLong() >>> 4) % 1_000_000_000_000L;
      long first = (random.nextLong() >>> 1) % total;
      long last = first + (random.nextLong() >>> 1) % (total - first);
      String header = "bytes " + first + "-" + last + "/" + total;
      assertThat(ContentRange.parse(header)).as("seed %d: %s", seed, header)
          .contains(new ContentRange(first, last, total));
    }
  }
}
