package dev.cairn.store.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both Blake2b engines against RFC 7693's vectors and each other. libsodium must be installed
 * where the tests run (Debian: {@code apt-get install libsodium23}; {@code .ci/run} does it).
 */
class Blake2bEnginesTest {

  private static final HexFormat HEX = HexFormat.of();

  static Stream<Blake2bEngine> engines() {
    return Stream.of(BouncyBlake2b.INSTANCE, sodium());
  }

  private static SodiumBlake2b sodium() {
    return SodiumBlake2b.load("sodium").orElseThrow(() -> new AssertionError(
        "libsodium did not load: install it (Debian: apt-get install libsodium23)"));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rfc7693Vectors(Blake2bEngine engine) {
    byte[] abc = {'a', 'b', 'c'};
    assertThat(HEX.formatHex(engine.digest(64, abc, 0, 3))).isEqualTo(Blake2b.ABC_512);
    assertThat(HEX.formatHex(engine.digest(32, abc, 0, 3))).isEqualTo(Blake2b.ABC_256);
    assertThat(HEX.formatHex(engine.digest(32, new byte[0], 0, 0))).isEqualTo(Blake2b.EMPTY_256);
    // The start-up test: these vectors, streaming, and a long input against Bouncy Castle.
    assertThat(Blake2b.passesKnownAnswers(engine)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void digestSizesOfTezosHashes(Blake2bEngine engine) {
    byte[] data = "tezos".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(engine.digest(20, data, 0, data.length)).hasSize(20);
    assertThat(engine.digest(32, data, 0, data.length))
        .isNotEqualTo(Arrays.copyOf(engine.digest(64, data, 0, data.length), 32));
  }

  /** Seeded: the seed is in the test's name, so a failure can be replayed. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void enginesAgreeOnRandomInputs(long seed) {
    Random random = new Random(seed);
    SodiumBlake2b sodium = sodium();
    for (int round = 0; round < 40; round++) {
      int length = random.nextInt(4) == 0 ? random.nextInt(300_000) : random.nextInt(600);
      int offset = random.nextInt(16);
      byte[] data = new byte[offset + length + random.nextInt(16)];
      random.nextBytes(data);
      int outLength = List.of(20, 32, 64).get(random.nextInt(3));
      byte[] expected = BouncyBlake2b.INSTANCE.digest(outLength, data, offset, length);
      assertThat(sodium.digest(outLength, data, offset, length))
          .as("one-shot, seed %d, length %d", seed, length).isEqualTo(expected);
      // The same bytes streamed in random pieces, twice through one hasher (finish resets it).
      Blake2bEngine.Hasher hasher = sodium.hasher(outLength);
      for (int pass = 0; pass < 2; pass++) {
        for (int done = 0; done < length; ) {
          int piece = Math.min(length - done, random.nextInt(100_000) + 1);
          hasher.update(data, offset + done, piece);
          done += piece;
        }
        assertThat(hasher.finish()).as("streaming, seed %d, pass %d", seed, pass)
            .isEqualTo(expected);
      }
    }
  }

  /** The facade gathers small input and streams large input: both give the engine's digest. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theStreamingFacadeAgreesWithOneShotDigests(long seed) {
    Random random = new Random(seed);
    Blake2b hasher = Blake2b.hasher256();
    for (int round = 0; round < 30; round++) {
      // Around the 8 KiB that are gathered before a streaming state is made, and far above.
      int length = random.nextBoolean() ? random.nextInt(20_000) : random.nextInt(200_000);
      byte[] data = new byte[length];
      random.nextBytes(data);
      for (int done = 0; done < length; ) {
        int piece = Math.min(length - done, 1 + random.nextInt(random.nextBoolean() ? 64 : 9_000));
        hasher.update(data, done, piece);
        done += piece;
      }
      assertThat(hasher.finish()).as("seed %d, round %d, length %d", seed, round, length)
          .isEqualTo(BouncyBlake2b.INSTANCE.digest(32, data, 0, length))
          .isEqualTo(Blake2b.digest256(data, 0, length));
      int cut = length == 0 ? 0 : random.nextInt(length);
      assertThat(Blake2b.digest256(Arrays.copyOf(data, cut), Arrays.copyOfRange(data, cut, length)))
          .isEqualTo(Blake2b.digest256(data));
    }
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 17L, 4242L);
  }

  @Test
  void threadsDoNotShareScratchBuffers() throws Exception {
    SodiumBlake2b sodium = sodium();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = t;
        results.add(pool.submit(() -> {
          Random random = new Random(seed);
          for (int i = 0; i < 2_000; i++) {
            byte[] data = new byte[random.nextInt(2_000)];
            random.nextBytes(data);
            if (!Arrays.equals(sodium.digest(32, data, 0, data.length),
                BouncyBlake2b.INSTANCE.digest(32, data, 0, data.length))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void libsodiumRunsWhereItIsInstalled() {
    assertThat(Blake2b.engineName()).startsWith("libsodium ");
    assertThat(Blake2b.chooseEngine("", "sodium").name()).startsWith("libsodium ");
  }

  @Test
  void bouncyCastleRunsWithoutLibsodiumOrWhenAskedFor() {
    assertThat(SodiumBlake2b.load("cairn-no-such-library")).isEmpty();
    assertThat(Blake2b.chooseEngine("", "cairn-no-such-library")).isSameAs(BouncyBlake2b.INSTANCE);
    assertThat(Blake2b.chooseEngine("bouncycastle", "sodium")).isSameAs(BouncyBlake2b.INSTANCE);
  }

  @Test
  void anEngineThatComputesSomethingElseFailsTheKnownAnswerTest() {
    Blake2bEngine wrong = new Blake2bEngine() {
      @Override
      public String name() {
        return "wrong";
      }

      @Override
      public byte[] digest(int outLength, byte[] data, int offset, int length) {
        byte[] digest = BouncyBlake2b.INSTANCE.digest(outLength, data, offset, length);
        if (length > 65_536) {
          digest[0] ^= 1; // right on the vectors, wrong on long inputs
        }
        return digest;
      }

      @Override
      public Hasher hasher(int outLength) {
        return BouncyBlake2b.INSTANCE.hasher(outLength);
      }
    };
    assertThat(Blake2b.passesKnownAnswers(wrong)).isFalse();
  }
}
