package dev.cairn.store.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.store.StoreError.HashDecodeFailure;
import dev.cairn.store.StoreError.InvalidHashEncoding;
import dev.cairn.store.encoding.Bytes;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Base58check of every hash kind: round trips over seeded values, and each way to be wrong. */
class HashEncodingTest {

  static long[] seeds() {
    return new SplittableRandom(20261123).longs(40).toArray();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyKindRoundTripsThroughBase58(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (HashKind kind : HashKind.values()) {
      Bytes payload = randomBytes(random, kind.length());
      String text = kind.encode(payload);
      assertThat(kind.decode(text)).as("seed %d, %s", seed, kind).isEqualTo(payload);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void typedRecordsRoundTripAndKeepTheirPrefixes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    roundTrip(BlockHash.of(randomBytes(random, 32).toArray()), BlockHash::parse, "B");
    roundTrip(OperationHash.of(randomBytes(random, 32).toArray()), OperationHash::parse, "o");
    roundTrip(OperationListHash.of(randomBytes(random, 32).toArray()), OperationListHash::parse, "Lo");
    roundTrip(OperationListListHash.of(randomBytes(random, 32).toArray()),
        OperationListListHash::parse, "LLo");
    roundTrip(ProtocolHash.of(randomBytes(random, 32).toArray()), ProtocolHash::parse, "P");
    roundTrip(ContextHash.of(randomBytes(random, 32).toArray()), ContextHash::parse, "Co");
    roundTrip(ChainId.of(randomBytes(random, 4).toArray()), ChainId::parse, "Net");
    roundTrip(PublicKeyHash.of(randomBytes(random, 20).toArray()), PublicKeyHash::parse, "tz1");
    roundTrip(PublicKey.of(randomBytes(random, 32).toArray()), PublicKey::parse, "edpk");
    roundTrip(Signature.of(randomBytes(random, 64).toArray()), Signature::parse, "edsig");
    roundTrip(RollupAddress.of(randomBytes(random, 20).toArray()), RollupAddress::parse, "sr1");
    roundTrip(RollupStateHash.of(randomBytes(random, 32).toArray()), RollupStateHash::parse,
        "srs1");
    roundTrip(CommitmentHash.of(randomBytes(random, 32).toArray()), CommitmentHash::parse,
        "src1");
    roundTrip(InboxHash.of(randomBytes(random, 32).toArray()), InboxHash::parse, "srib1");
  }

  /** Octez's printed lengths: sr1 36 characters, srs1 and src1 54, srib1 55. */
  @Test
  void rollupHashesHaveTezosLengths() {
    assertThat(RollupAddress.of(new byte[20]).toString()).hasSize(36);
    assertThat(RollupStateHash.of(new byte[32]).toString()).hasSize(54);
    assertThat(CommitmentHash.of(new byte[32]).toString()).hasSize(54);
    assertThat(InboxHash.of(new byte[32]).toString()).hasSize(55);
  }

  private static <T extends TezosHash> void roundTrip(T hash, Function<String, T> parse,
      String prefix) {
    assertThat(hash.toString()).startsWith(prefix);
    assertThat(parse.apply(hash.toString())).isEqualTo(hash);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSecretKeySeedIsFiftyFourCharactersOfEdskAndDecodesWithoutAnError(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Bytes secret = randomBytes(random, 32);
    String text = HashKind.ED25519_SEED.encode(secret);
    assertThat(text).as("seed %d", seed).startsWith("edsk").hasSize(54);
    byte[] payload = new byte[32];
    assertThat(HashKind.ED25519_SEED.decodeSecret(text, payload)).as("seed %d", seed).isNull();
    assertThat(Bytes.copyOf(payload)).as("seed %d", seed).isEqualTo(secret);
  }

  @Test
  void aSecretsTextIsNeverShownInAnError() {
    String text = HashKind.ED25519_SEED.encode(Bytes.copyOf(new byte[32]));
    String damaged = text.substring(0, 20) + (text.charAt(20) == 'z' ? 'y' : 'z')
        + text.substring(21);
    byte[] payload = new byte[32];
    assertThat(HashKind.ED25519_SEED.decodeSecret(damaged, payload))
        .isIn(HashDecodeFailure.BAD_CHECKSUM, HashDecodeFailure.WRONG_PREFIX);
    assertThat(HashKind.ED25519_SEED.decodeSecret(PublicKey.of(new byte[32]).toBase58(),
        payload)).isEqualTo(HashDecodeFailure.WRONG_PREFIX);
    assertThat(HashKind.ED25519_SEED.decodeSecret(text.substring(0, 40), payload))
        .isNotNull();
    assertThatThrownBy(() -> HashKind.ED25519_SEED.decode(damaged))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Invalid_hash_encoding");
          assertThat(e.getMessage()).doesNotContain(damaged.substring(4, 30))
              .contains("not shown");
        });
  }

  @Test
  void aCharacterOutsideTheAlphabetIsNamed() {
    String valid = BlockHash.of(new byte[32]).toBase58();
    for (char bad : new char[] {'0', 'O', 'I', 'l', '+', 'é', ' '}) {
      String text = valid.substring(0, 10) + bad + valid.substring(11);
      assertFailure(() -> BlockHash.parse(text), HashDecodeFailure.NON_ALPHABET_CHARACTER);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anyChangedCharacterBreaksTheChecksum(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String valid = ContextHash.of(randomBytes(random, 32).toArray()).toBase58();
    int at = random.nextInt(valid.length());
    char replacement = valid.charAt(at) == 'z' ? 'y' : 'z';
    String text = valid.substring(0, at) + replacement + valid.substring(at + 1);
    assertThatThrownBy(() -> ContextHash.parse(text))
        .as("seed %d", seed)
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(
            ((InvalidHashEncoding) e.error()).failure()).isIn(HashDecodeFailure.BAD_CHECKSUM,
                HashDecodeFailure.WRONG_PREFIX, HashDecodeFailure.WRONG_LENGTH));
  }

  @Test
  void checksumFailureIsReportedAsSuch() {
    String valid = BlockHash.of(new byte[32]).toBase58();
    char last = valid.charAt(valid.length() - 1);
    String text = valid.substring(0, valid.length() - 1) + (last == '2' ? '3' : '2');
    assertFailure(() -> BlockHash.parse(text), HashDecodeFailure.BAD_CHECKSUM);
  }

  @Test
  void anotherKindsHashHasTheWrongPrefix() {
    String operation = OperationHash.of(new byte[32]).toBase58();
    assertFailure(() -> BlockHash.parse(operation), HashDecodeFailure.WRONG_PREFIX);
    assertFailure(() -> BlockHash.parse(""), HashDecodeFailure.BAD_CHECKSUM);
  }

  @ParameterizedTest
  @EnumSource(HashKind.class)
  void theRightPrefixWithTheWrongLengthIsNamed(HashKind kind) {
    byte[] prefixed = Bytes.fromHex(prefixHex(kind) + "00".repeat(kind.length() + 1)).toArray();
    String text = Base58Check.encode(prefixed);
    assertFailure(() -> kind.decode(text), HashDecodeFailure.WRONG_LENGTH);
  }

  @Test
  void publicKeyHashesOfTheSandboxBootstrapAccounts() {
    // Octez's sandbox accounts bootstrap1 and bootstrap2: public keys and their tz1 addresses.
    assertThat(PublicKeyHash.ofKey(
        PublicKey.parse("edpkuBknW28nW72KG6RoHtYW7p12T6GKc7nAbwYX5m8Wd9sDVC9yav")).toBase58())
        .isEqualTo("tz1KqTpEZ7Yob7QbPE4Hy4Wo8fHG8LhKxZSx");
    assertThat(PublicKeyHash.ofKey(
        PublicKey.parse("edpktzNbDAUjUk697W7gYg2CRuBQjyPxbEg8dLccYYwKSKvkPvjtV9")).toBase58())
        .isEqualTo("tz1gjaF81ZRRvdzjobyfVNsAeSC6PScjfQwN");
  }

  @Test
  void overlongTextIsRefusedBeforeDecoding() {
    String longest = Signature.of(new byte[64]).toBase58();
    assertThat(longest.length()).isLessThanOrEqualTo(HashKind.MAX_TEXT_LENGTH);
    assertThat(Signature.parse(longest)).isEqualTo(Signature.of(new byte[64]));
    String huge = "z".repeat(5_000_000); // quadratic decoding of this would take hours
    assertFailure(() -> BlockHash.parse(huge), HashDecodeFailure.WRONG_LENGTH);
  }

  private static String prefixHex(HashKind kind) {
    // The prefix is whatever precedes the payload in a valid encoding.
    byte[] decoded = Base58Check.decodePlain(kind.encode(Bytes.copyOf(new byte[kind.length()])));
    return Bytes.copyOf(decoded, 0, decoded.length - 4 - kind.length()).toHex();
  }

  private static void assertFailure(Runnable decode, HashDecodeFailure failure) {
    assertThatThrownBy(decode::run)
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Invalid_hash_encoding");
          assertThat(((InvalidHashEncoding) e.error()).failure()).isEqualTo(failure);
        });
  }

  static Bytes randomBytes(SplittableRandom random, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return Bytes.copyOf(out);
  }
}
