package dev.cairn.validator.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.Signature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secret keys: the edsk encoding, published vectors, and what the manifest watermark keeps apart.
 */
class SigningKeyTest {

  // Octez's sandbox accounts bootstrap1 and bootstrap2, as its sandbox scripts import them
  // (src/bin_client/octez-init-sandboxed-client.sh), with their published edpk and tz1.
  private static final String BOOTSTRAP1_EDSK =
      "edsk3gUfUPyBSfrS9CCgmCiQsTCHGkviBDusMxDJstFtojtc1zcpsh";
  private static final String BOOTSTRAP2_EDSK =
      "edsk39qAm1fiMjgmPkw1EgQYkMzkJezLNewd7PLNHTkr6w9XA2zdfo";

  static long[] seeds() {
    return new SplittableRandom(20261201).longs(24).toArray();
  }

  /** A SecureRandom that gives the same bytes for the same seed. */
  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void octezSandboxKeysGiveTheirPublishedPublicKeysAndHashes() {
    SigningKey bootstrap1 = SigningKey.fromEdsk(BOOTSTRAP1_EDSK);
    assertThat(bootstrap1.publicKey().toBase58())
        .isEqualTo("edpkuBknW28nW72KG6RoHtYW7p12T6GKc7nAbwYX5m8Wd9sDVC9yav");
    assertThat(bootstrap1.publicKeyHash().toBase58())
        .isEqualTo("tz1KqTpEZ7Yob7QbPE4Hy4Wo8fHG8LhKxZSx");
    assertThat(bootstrap1.toEdsk()).isEqualTo(BOOTSTRAP1_EDSK);
    SigningKey bootstrap2 = SigningKey.fromEdsk(BOOTSTRAP2_EDSK);
    assertThat(bootstrap2.publicKey().toBase58())
        .isEqualTo("edpktzNbDAUjUk697W7gYg2CRuBQjyPxbEg8dLccYYwKSKvkPvjtV9");
    assertThat(bootstrap2.publicKeyHash().toBase58())
        .isEqualTo("tz1gjaF81ZRRvdzjobyfVNsAeSC6PScjfQwN");
    assertThat(bootstrap2.toEdsk()).isEqualTo(BOOTSTRAP2_EDSK);
  }

  @Test
  void rfc8032TestVectorOneThroughTheEdskEncoding() {
    HexFormat hex = HexFormat.of();
    SigningKey key = SigningKey.ofSeed(hex.parseHex(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(key.publicKey().bytes().toHex())
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(key.signRaw(new byte[0]).bytes().toHex()).isEqualTo(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    SigningKey again = SigningKey.fromEdsk(key.toEdsk());
    assertThat(again.publicKey()).isEqualTo(key.publicKey());
    assertThat(again.signRaw(new byte[0])).isEqualTo(key.signRaw(new byte[0]));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aGeneratedKeyRoundTripsThroughItsEdskText(long seed) {
    SigningKey key = SigningKey.generate(seeded(seed));
    String edsk = key.toEdsk();
    assertThat(edsk).as("seed %d", seed).startsWith("edsk").hasSize(54);
    SigningKey read = SigningKey.fromEdsk(edsk);
    assertThat(read.toEdsk()).as("seed %d", seed).isEqualTo(edsk);
    assertThat(read.publicKey()).as("seed %d", seed).isEqualTo(key.publicKey());
    assertThat(read.publicKeyHash()).as("seed %d", seed).isEqualTo(key.publicKeyHash());
    assertThat(read.publicKey().toBase58()).as("seed %d", seed).startsWith("edpk");
    assertThat(read.publicKeyHash().toBase58()).as("seed %d", seed).startsWith("tz1");
    byte[] bytes = ("manifest of seed " + seed).getBytes(StandardCharsets.UTF_8);
    assertThat(read.sign(Watermark.snapshotManifest(), bytes))
        .as("seed %d: Ed25519 is deterministic", seed)
        .isEqualTo(key.sign(Watermark.snapshotManifest(), bytes));
    assertThat(SigningKey.generate(seeded(seed + 1)).publicKey()).as("seed %d", seed)
        .isNotEqualTo(key.publicKey());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aManifestSignatureIsNeverABlockOrOperationSignatureNorTheOtherWayRound(long seed) {
    Random random = new Random(seed);
    SigningKey key = SigningKey.generate(seeded(seed));
    byte[] bytes = new byte[1 + random.nextInt(400)];
    random.nextBytes(bytes);
    byte[] genesis = new byte[32];
    random.nextBytes(genesis);
    Watermark manifest = Watermark.snapshotManifest();
    List<Watermark> tezos = List.of(Watermark.block(ChainId.ofGenesis(BlockHash.of(genesis))),
        Watermark.operation());

    Signature signed = key.sign(manifest, bytes);
    assertThat(Signatures.verify(key.publicKey(), manifest, bytes, signed))
        .as("seed %d", seed).isTrue();
    byte[] flipped = bytes.clone();
    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
    assertThat(Signatures.verify(key.publicKey(), manifest, flipped, signed))
        .as("seed %d: another manifest", seed).isFalse();
    assertThat(Signatures.verify(SigningKey.generate(seeded(~seed)).publicKey(), manifest,
        bytes, signed)).as("seed %d: another key", seed).isFalse();
    for (Watermark other : tezos) {
      assertThat(Signatures.verify(key.publicKey(), other, bytes, signed))
          .as("seed %d: a manifest signature taken for %s", seed, hex(other)).isFalse();
      Signature forTezos = key.sign(other, bytes);
      assertThat(Signatures.verify(key.publicKey(), other, bytes, forTezos))
          .as("seed %d", seed).isTrue();
      assertThat(Signatures.verify(key.publicKey(), manifest, bytes, forTezos))
          .as("seed %d: a %s signature taken for a manifest", seed, hex(other)).isFalse();
    }
  }

  @Test
  void theManifestWatermarkBeginsWithNoByteTezosReserves() {
    byte[] watermark = Watermark.snapshotManifest().bytes();
    assertThat(watermark)
        .startsWith("Cairn snapshot manifest v1".getBytes(StandardCharsets.US_ASCII))
        .hasSize(27).endsWith((byte) 0);
    assertThat(watermark[0]).isEqualTo((byte) 0x43)
        .isNotIn((byte) 0x01, (byte) 0x02, (byte) 0x03, (byte) 0x05, (byte) 0x11, (byte) 0x12,
            (byte) 0x13);
    assertThat(Watermark.operation().bytes()[0]).isNotEqualTo(watermark[0]);
  }

  @Test
  void malformedEdskTextIsInvalidKeyWithAReasonAndNeverShown() {
    String valid = SigningKey.generate(seeded(7)).toEdsk();
    int at = 30;
    String badChecksum = valid.substring(0, at) + (valid.charAt(at) == 'z' ? 'y' : 'z')
        + valid.substring(at + 1);
    String publicKey = SigningKey.fromEdsk(valid).publicKey().toBase58();
    assertInvalid(badChecksum, "checksum");
    assertInvalid(publicKey, "the prefix is not the expected one (an edpk… public key");
    assertInvalid(valid.substring(0, 40), "");
    assertInvalid(valid + "1", "");
    assertInvalid("", "");
    assertInvalid(valid.substring(0, 20) + "0" + valid.substring(21), "outside the base58");
    assertInvalid("unencrypted:" + valid, "'unencrypted:' prefix");
    assertInvalid("z".repeat(10_000), "wrong length");
  }

  private static void assertInvalid(String text, String reason) {
    assertThatThrownBy(() -> SigningKey.fromEdsk(text))
        .as(text.length() > 60 ? text.substring(0, 60) : text)
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error()).isInstanceOf(KeyError.InvalidKey.class);
          assertThat(e.error().name()).isEqualTo("Invalid_key");
          assertThat(e.error().details()).startsWith("the secret key: not an Ed25519 secret key")
              .contains(reason).doesNotContain("\n");
          if (text.length() > 20) {
            assertThat(e.getMessage()).doesNotContain(
                text.substring(text.length() - 20, text.length() - 8));
          }
        });
  }

  @Test
  void theSecretIsNeverInToString() {
    SigningKey key = SigningKey.generate(seeded(3));
    String edsk = key.toEdsk();
    assertThat(key.toString()).contains(key.publicKeyHash().toBase58())
        .doesNotContain(edsk).doesNotContain(edsk.substring(4, 20));
    assertThat(TestnetKey.derive(1, 0).toString()).startsWith("TestnetKey[tz1");
  }

  @Test
  void aTestnetKeySignsAsTheSigningKeyOfItsDerivedSecret() {
    TestnetKey testnet = TestnetKey.derive(9, 4);
    SigningKey same = SigningKey.ofSeed(Blake2b.digest256(
        "cairn testnet key".getBytes(StandardCharsets.US_ASCII),
        ByteBuffer.allocate(12).putLong(9).putInt(4).array()));
    byte[] bytes = {1, 2, 3};
    assertThat(testnet.publicKeyHash()).isEqualTo(same.publicKeyHash());
    assertThat(testnet.sign(Watermark.operation(), bytes))
        .isEqualTo(same.sign(Watermark.operation(), bytes));
  }

  private static String hex(Watermark watermark) {
    return HexFormat.of().formatHex(watermark.bytes());
  }
}
