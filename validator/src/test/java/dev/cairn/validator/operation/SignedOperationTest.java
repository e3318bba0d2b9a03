package dev.cairn.validator.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import dev.cairn.store.block.Operation;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.store.hash.RollupStateHash;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.crypto.TestnetKey;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operations round-trip through the shell encoding, their signatures bind the branch and the
 * contents, and every truncation or extension of the data is a typed {@code Undecodable_operation}.
 * The fuzz target replays its corpus ({@code JAZZER_FUZZ=1 mvn -pl validator test
 * -Dtest='SignedOperationTest#decoding'} fuzzes).
 */
class SignedOperationTest {

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void roundTripsAndSignaturesBindBranchAndContents(long seed) {
    Random random = new Random(seed);
    TestnetKey key = TestnetKey.derive(seed, 0);
    BlockHash branch = BlockHash.of(bytes(random, 32));
    ManagerOperation contents = contents(random, key, (int) (seed % 6));
    SignedOperation signed = SignedOperation.sign(branch, contents, key);
    Operation shell = signed.toShell();
    SignedOperation decoded = SignedOperation.fromShell(shell);
    assertThat(decoded).as("seed %d", seed).isEqualTo(signed);
    assertThat(decoded.signedBy(key.publicKey())).as("seed %d", seed).isTrue();
    assertThat(decoded.signedBy(TestnetKey.derive(seed, 1).publicKey())).isFalse();

    SignedOperation otherBranch = new SignedOperation(BlockHash.of(bytes(random, 32)), contents,
        signed.signature());
    assertThat(otherBranch.signedBy(key.publicKey())).as("seed %d: moved branch", seed).isFalse();

    byte[] data = shell.data().toArray();
    for (int length = 0; length < data.length; length++) {
      assertThat(refusal(new Operation(branch, Bytes.copyOf(Arrays.copyOf(data, length)))))
          .as("seed %d, truncated to %d", seed, length).isEqualTo("Undecodable_operation");
    }
    assertThat(refusal(new Operation(branch, Bytes.copyOf(Arrays.copyOf(data, data.length + 1)))))
        .isEqualTo("Undecodable_operation");
    byte[] unknown = data.clone();
    unknown[0] = 9;
    assertThat(refusal(new Operation(branch, Bytes.copyOf(unknown))))
        .isEqualTo("Undecodable_operation");
    for (int at = 1; at < data.length; at++) {
      byte[] changed = data.clone();
      changed[at] ^= (byte) (1 << random.nextInt(8));
      Operation flipped = new Operation(branch, Bytes.copyOf(changed));
      // A flipped length or count no longer decodes; anything else decodes and is not signed.
      Throwable refused = catchThrowable(() -> SignedOperation.fromShell(flipped));
      if (refused != null) {
        assertThat(refusal(flipped)).as("seed %d, flip at %d", seed, at)
            .isEqualTo("Undecodable_operation");
      } else {
        assertThat(SignedOperation.fromShell(flipped).signedBy(key.publicKey()))
            .as("seed %d, flip at %d", seed, at).isFalse();
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void decoding(byte[] input) {
    if (input.length < 32) {
      return;
    }
    Operation operation = new Operation(BlockHash.of(Arrays.copyOf(input, 32)),
        Bytes.copyOf(Arrays.copyOfRange(input, 32, Math.min(input.length, Operation.MAX_BYTES))));
    try {
      assertThat(SignedOperation.fromShell(operation).toShell()).isEqualTo(operation);
    } catch (CairnException refused) {
      assertThat(refused.error().name()).isEqualTo("Undecodable_operation");
    }
  }

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.rangeClosed(1, 24);
  }

  /** An operation of kind {@code kind} (reveal, transaction, then the four rollup kinds). */
  private static ManagerOperation contents(Random random, TestnetKey key, int kind) {
    PublicKeyHash source = key.publicKeyHash();
    long fee = random.nextInt(1000);
    long counter = random.nextInt(100);
    RollupAddress rollup = RollupAddress.of(bytes(random, 20));
    return switch (kind) {
      case 0 -> new ManagerOperation.Reveal(source, fee, counter, key.publicKey());
      case 1 -> new ManagerOperation.Transaction(source, fee, counter,
          1 + random.nextInt(1_000_000), TestnetKey.derive(7, 1).publicKeyHash());
      case 2 -> new ManagerOperation.RollupOriginate(source, fee, counter, random.nextInt(2),
          bytes(random, random.nextInt(40)));
      case 3 -> new ManagerOperation.RollupAddMessages(source, fee, counter, rollup,
          java.util.stream.IntStream.range(0, 1 + random.nextInt(4))
              .mapToObj(i -> bytes(random, random.nextInt(30))).toList());
      case 4 -> new ManagerOperation.RollupPublish(source, fee, counter, rollup,
          new Commitment(RollupStateHash.of(bytes(random, 32)), random.nextInt(1000),
              CommitmentHash.of(bytes(random, 32)), random.nextInt(10_000)));
      default -> new ManagerOperation.RollupCement(source, fee, counter, rollup,
          CommitmentHash.of(bytes(random, 32)));
    };
  }

  private static String refusal(Operation operation) {
    Throwable thrown = catchThrowable(() -> SignedOperation.fromShell(operation));
    assertThat(thrown).isInstanceOf(CairnException.class);
    return ((CairnException) thrown).error().name();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }
}
