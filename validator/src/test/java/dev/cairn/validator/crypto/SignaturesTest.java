package dev.cairn.validator.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.Signature;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturesTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void ed25519ReproducesRfc8032TestVectorOne() {
    TestnetKey key = TestnetKey.ofSecret(HEX.parseHex(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(key.publicKey().bytes().toHex())
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(key.signRaw(new byte[0]).bytes().toHex()).isEqualTo(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  }

  @Test
  void keysDeriveFromTheSeedAndIndexAlone() {
    assertThat(TestnetKey.derive(1, 0).publicKey()).isEqualTo(TestnetKey.derive(1, 0).publicKey());
    assertThat(TestnetKey.derive(1, 0).publicKey()).isNotEqualTo(TestnetKey.derive(1, 1).publicKey());
    assertThat(TestnetKey.derive(1, 0).publicKey()).isNotEqualTo(TestnetKey.derive(2, 0).publicKey());
    assertThat(TestnetKey.derive(1, 0).publicKeyHash().toString()).startsWith("tz1");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aSignatureHoldsOnlyForItsKeyBytesAndWatermark(long seed) {
    Random random = new Random(seed);
    TestnetKey key = TestnetKey.derive(seed, random.nextInt(100));
    byte[] bytes = new byte[1 + random.nextInt(300)];
    random.nextBytes(bytes);
    ChainId chain = ChainId.ofGenesis(BlockHash.of(randomBytes(random, 32)));
    ChainId otherChain = ChainId.ofGenesis(BlockHash.of(randomBytes(random, 32)));
    for (Watermark watermark : new Watermark[] {Watermark.operation(), Watermark.block(chain)}) {
      Signature signature = key.sign(watermark, bytes);
      assertThat(Signatures.verify(key.publicKey(), watermark, bytes, signature))
          .as("seed %d", seed).isTrue();

      byte[] flipped = bytes.clone();
      flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
      assertThat(Signatures.verify(key.publicKey(), watermark, flipped, signature))
          .as("seed %d: other bytes", seed).isFalse();
      assertThat(Signatures.verify(TestnetKey.derive(seed, 1000).publicKey(), watermark, bytes,
          signature)).as("seed %d: other key", seed).isFalse();
      byte[] bent = signature.bytes().toArray();
      bent[random.nextInt(64)] ^= 1;
      assertThat(Signatures.verify(key.publicKey(), watermark, bytes, Signature.of(bent)))
          .as("seed %d: other signature", seed).isFalse();
    }
    Signature forChain = key.sign(Watermark.block(chain), bytes);
    assertThat(Signatures.verify(key.publicKey(), Watermark.block(otherChain), bytes, forChain))
        .as("seed %d: another chain", seed).isFalse();
    assertThat(Signatures.verify(key.publicKey(), Watermark.operation(), bytes, forChain))
        .as("seed %d: a block signature used for an operation", seed).isFalse();
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }
}
