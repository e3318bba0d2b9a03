package dev.cairn.validator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protocol files round-trip; every truncation and every refused variation is a typed
 * {@code Cannot_decode_protocol}; any other single-byte change decodes to another descriptor with
 * another hash. The fuzz target replays its corpus under {@code mvn verify}
 * ({@code JAZZER_FUZZ=1 mvn -pl validator test -Dtest='ProtocolDescriptorTest#decoding'} fuzzes).
 */
class ProtocolDescriptorTest {

  static ProtocolDescriptor random(Random random) {
    TreeMap<String, Long> constants = new TreeMap<>();
    int count = random.nextInt(12);
    while (constants.size() < count) {
      constants.put("k_" + Integer.toString(random.nextInt(5000), 36), random.nextLong());
    }
    return new ProtocolDescriptor("Proto" + random.nextInt(1000), random.nextInt(0x10000),
        constants);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void roundTripsTruncationsAndFlips(long seed) {
    Random random = new Random(seed);
    ProtocolDescriptor descriptor = random(random);
    byte[] bytes = descriptor.encode();
    assertThat(ProtocolDescriptor.decode(bytes)).as("seed %d", seed).isEqualTo(descriptor);
    for (int length = 0; length < bytes.length; length++) {
      assertThat(refusal(Arrays.copyOf(bytes, length))).as("seed %d, truncated to %d", seed, length)
          .isEqualTo("Cannot_decode_protocol");
    }
    for (int at = 0; at < bytes.length; at++) {
      byte[] changed = bytes.clone();
      changed[at] ^= (byte) (1 << random.nextInt(8));
      Throwable thrown = catchThrowable(() -> ProtocolDescriptor.decode(changed));
      if (thrown == null) {
        assertThat(ProtocolDescriptor.decode(changed).hash()).as("seed %d, flip at %d", seed, at)
            .isNotEqualTo(descriptor.hash());
      } else {
        assertThat(refusal(changed)).as("seed %d, flip at %d", seed, at)
            .isEqualTo("Cannot_decode_protocol");
      }
    }
    assertThat(refusal(Arrays.copyOf(bytes, bytes.length + 1))).isEqualTo("Cannot_decode_protocol");
  }

  @Test
  void constantsMustComeInOrderOnce() {
    TreeMap<String, Long> constants = new TreeMap<>();
    constants.put("a", 1L);
    constants.put("b", 2L);
    byte[] bytes = new ProtocolDescriptor("P", 1, constants).encode();
    // name: 1 + 1; version: 2; count: 1; then "a" at 5..6 and its value, "b" at 15..16.
    byte[] swapped = bytes.clone();
    swapped[6] = 'b';
    swapped[16] = 'a';
    assertThat(refusal(swapped)).isEqualTo("Cannot_decode_protocol");
    byte[] repeated = bytes.clone();
    repeated[16] = 'a';
    assertThat(refusal(repeated)).isEqualTo("Cannot_decode_protocol");
  }

  @FuzzTest(maxDuration = "30s")
  void decoding(byte[] input) {
    try {
      ProtocolDescriptor descriptor = ProtocolDescriptor.decode(input);
      assertThat(descriptor.encode()).isEqualTo(input);
    } catch (CairnException refused) {
      assertThat(refused.error().name()).isEqualTo("Cannot_decode_protocol");
    }
  }

  private static String refusal(byte[] bytes) {
    Throwable thrown = catchThrowable(() -> ProtocolDescriptor.decode(bytes));
    assertThat(thrown).isInstanceOf(CairnException.class);
    return ((CairnException) thrown).error().name();
  }
}
