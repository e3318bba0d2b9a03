package dev.cairn.validator.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TestnetParametersTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void encodingAndJsonRoundTripAndEveryOtherLengthIsRefused(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int accounts = 1 + random.nextInt(1_000_000);
    TestnetParameters parameters = new TestnetParameters(random.nextLong(), accounts,
        1 + random.nextInt(Math.min(accounts, TestnetParameters.MAX_BAKERS)),
        1 + random.nextInt(10_000), random.nextBoolean() ? 0 : 2 + random.nextInt(1000),
        1 + random.nextLong(Long.MAX_VALUE - 1));
    boolean rollups = random.nextBoolean();
    if (rollups) {
      parameters = parameters.withRollups(Math.max(2, parameters.protocolSwitchAt() + 1)
          + random.nextInt(100), 1 + random.nextInt(TestnetParameters.MAX_ROLLUPS));
    }
    byte[] bytes = parameters.encode();
    assertThat(bytes).hasSize(rollups ? TestnetParameters.ENCODED_BYTES_WITH_ROLLUPS
        : TestnetParameters.ENCODED_BYTES);
    assertThat(TestnetParameters.decode(bytes)).as("seed %d", seed).hasValue(parameters);
    assertThat(TestnetParameters.fromJson(parameters.toJson())).hasValue(parameters);
    for (int length = 0; length < 48; length++) {
      if (length != bytes.length) {
        assertThat(TestnetParameters.decode(new byte[length])).isEmpty();
      }
    }
  }

  @Test
  void outOfRangeParametersAreRefusedWhereverTheyComeFrom() {
    assertThatThrownBy(() -> new TestnetParameters(1, 0, 1, 8, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TestnetParameters(1, 10, 11, 8, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TestnetParameters(1, 10, 1, 8, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] zeroAccounts = new TestnetParameters(1, 10, 1, 8, 0, 1).encode();
    zeroAccounts[8] = zeroAccounts[9] = zeroAccounts[10] = zeroAccounts[11] = 0;
    assertThat(TestnetParameters.decode(zeroAccounts)).isEmpty();
    assertThat(TestnetParameters.fromJson(new TestnetParameters(1, 10, 1, 8, 0, 1).toJson()
        .put("bakers", "many"))).isEmpty();
  }

  @Test
  void rollupsComeAfterTheSwitchWithACountAndEncodeOneWayOnly() {
    TestnetParameters base = new TestnetParameters(1, 10, 1, 8, 5, 1);
    assertThatThrownBy(() -> base.withRollups(5, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withRollups(6, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withRollups(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withRollups(6, TestnetParameters.MAX_ROLLUPS + 1))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] never = java.util.Arrays.copyOf(base.encode(),
        TestnetParameters.ENCODED_BYTES_WITH_ROLLUPS);
    assertThat(TestnetParameters.decode(never)).as("the long form saying never").isEmpty();
    assertThat(base.toJson().has("rollups_at")).isFalse();
    assertThat(TestnetParameters.decode(base.withRollups(6, 3).encode()))
        .hasValue(base.withRollups(6, 3));
    TestnetParameters longWindow = base.withRollups(6, 3, 20_160);
    assertThat(TestnetParameters.decode(longWindow.encode())).hasValue(longWindow);
    assertThat(TestnetParameters.fromJson(longWindow.toJson())).hasValue(longWindow);
    assertThatThrownBy(() -> base.withRollups(6, 3, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
