package dev.cairn.validator.crypto;

import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.Signature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An Ed25519 key of a testnet. Testnet keys are not secret: they derive from the testnet's seed
 * (recorded in its {@code config.json}) and an index, so any node of that testnet can bake with
 * them: secret = Blake2b-256("cairn testnet key" · u64 seed · u32 index). It signs as a {@link
 * SigningKey} of that secret does.
 */
public final class TestnetKey {

  private static final byte[] DOMAIN = "cairn testnet key".getBytes(StandardCharsets.US_ASCII);

  private final SigningKey key;

  private TestnetKey(SigningKey key) {
    this.key = key;
  }

  /** The key number {@code index} of the testnet whose seed is {@code seed}. */
  public static TestnetKey derive(long seed, int index) {
    return new TestnetKey(SigningKey.ofSeed(secret(seed, index)));
  }

  /**
   * The same key as {@link #derive}, given its public key as {@link #publicKey} gave it before:
   * a hash instead of a scalar multiplication, for a cache of a testnet's public keys.
   */
  public static TestnetKey derive(long seed, int index, PublicKey knownPublicKey) {
    return new TestnetKey(SigningKey.ofSeedAndPublicKey(secret(seed, index),
        knownPublicKey.bytes().toArray()));
  }

  private static byte[] secret(long seed, int index) {
    byte[] tail = ByteBuffer.allocate(12).putLong(seed).putInt(index).array();
    return Blake2b.digest256(DOMAIN, tail);
  }

  /** A key from its 32-byte Ed25519 secret (for tests against published vectors). */
  static TestnetKey ofSecret(byte[] secret) {
    return new TestnetKey(SigningKey.ofSeed(secret));
  }

  public PublicKey publicKey() {
    return key.publicKey();
  }

  public PublicKeyHash publicKeyHash() {
    return key.publicKeyHash();
  }

  /** Signs Blake2b-256(watermark · bytes), as Tezos does. */
  public Signature sign(Watermark watermark, byte[] bytes) {
    return key.sign(watermark, bytes);
  }

  /** A plain Ed25519 signature of {@code message}. */
  Signature signRaw(byte[] message) {
    return key.signRaw(message);
  }

  @Override
  public String toString() {
    return "TestnetKey[" + publicKeyHash() + "]";
  }
}
