package dev.cairn.validator.crypto;

import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.Signature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key of a testnet. Testnet keys are not secret: they derive from the testnet's seed
 * (recorded in its {@code config.json}) and an index, so any node of that testnet can bake with
 * them: secret = Blake2b-256("cairn testnet key" · u64 seed · u32 index).
 */
public final class TestnetKey {

  private static final byte[] DOMAIN = "cairn testnet key".getBytes(StandardCharsets.US_ASCII);

  private final byte[] secret;
  private final byte[] publicKeyBytes;
  private final PublicKey publicKey;
  private final PublicKeyHash publicKeyHash;

  private TestnetKey(byte[] secret) {
    this.secret = secret;
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(secret, 0, pk, 0);
    this.publicKeyBytes = pk;
    this.publicKey = PublicKey.of(pk);
    this.publicKeyHash = PublicKeyHash.ofKey(publicKey);
  }

  /** The key number {@code index} of the testnet whose seed is {@code seed}. */
  public static TestnetKey derive(long seed, int index) {
    byte[] tail = ByteBuffer.allocate(12).putLong(seed).putInt(index).array();
    return new TestnetKey(Blake2b.digest256(DOMAIN, tail));
  }

  /** A key from its 32-byte Ed25519 secret (for tests against published vectors). */
  static TestnetKey ofSecret(byte[] secret) {
    if (secret.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 secret is 32 bytes");
    }
    return new TestnetKey(secret.clone());
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public PublicKeyHash publicKeyHash() {
    return publicKeyHash;
  }

  /** Signs Blake2b-256(watermark · bytes), as Tezos does. */
  public Signature sign(Watermark watermark, byte[] bytes) {
    return signRaw(Signatures.digest(watermark, bytes));
  }

  /** A plain Ed25519 signature of {@code message}. */
  Signature signRaw(byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    // With the public key given, signing skips recomputing it: one scalar multiplication, not two.
    Ed25519.sign(secret, 0, publicKeyBytes, 0, message, 0, message.length, signature, 0);
    return Signature.of(signature);
  }

  @Override
  public String toString() {
    return "TestnetKey[" + publicKeyHash() + "]";
  }
}
