package dev.cairn.validator.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import dev.cairn.store.block.Operation;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.validator.crypto.TestnetKey;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operations round-trip through the shell encoding, their signatures bind the branch and the
 * contents, and every truncation or extension of the data is a typed {@code Undecodable_operation}.
 * The fuzz target replays its corpus ({@code JAZZER_FUZZ=1 mvn -pl validator test
 * -Dtest='SignedOperationTest#decoding'} fuzzes).
 */
class SignedOperationTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void roundTripsAndSignaturesBindBranchAndContents(long seed) {
    Random random = new Random(seed);
    TestnetKey key = TestnetKey.derive(seed, 0);
    BlockHash branch = BlockHash.of(bytes(random, 32));
    ManagerOperation contents = random.nextBoolean()
        ? new ManagerOperation.Reveal(key.publicKeyHash(), random.nextInt(1000),
            random.nextInt(100), key.publicKey())
        : new ManagerOperation.Transaction(key.publicKeyHash(), random.nextInt(1000),
            random.nextInt(100), 1 + random.nextInt(1_000_000),
            TestnetKey.derive(seed, 1).publicKeyHash());
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
      SignedOperation flipped = SignedOperation.fromShell(new Operation(branch,
          Bytes.copyOf(changed)));
      assertThat(flipped.signedBy(key.publicKey())).as("seed %d, flip at %d", seed, at).isFalse();
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
