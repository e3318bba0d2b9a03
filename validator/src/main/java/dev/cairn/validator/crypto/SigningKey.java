package dev.cairn.validator.crypto;

import dev.cairn.store.StoreError.HashDecodeFailure;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.HashKind;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.Signature;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A Tezos-style Ed25519 secret key: its 32-byte seed, written {@code edsk…} (54 characters), and
 * what derives from it, the public key ({@code edpk…}) and its hash ({@code tz1…}). It signs as
 * Tezos does, Blake2b-256(watermark · bytes), which {@link Signatures#verify} checks.
 *
 * <p>A secret: {@link #toString()} shows the public key hash only, and no error made here holds
 * the secret's text. Only {@link #toEdsk()} gives it out.
 */
public final class SigningKey {

  private final byte[] seed;
  private final byte[] publicKeyBytes;
  private final PublicKey publicKey;
  private final PublicKeyHash publicKeyHash;

  private SigningKey(byte[] seed) {
    this(seed, publicKeyOf(seed));
  }

  private SigningKey(byte[] seed, byte[] pk) {
    this.seed = seed;
    this.publicKeyBytes = pk;
    this.publicKey = PublicKey.of(pk);
    this.publicKeyHash = PublicKeyHash.ofKey(publicKey);
  }

  /** A new key, its seed drawn from {@code random}. */
  public static SigningKey generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    random.nextBytes(seed);
    return new SigningKey(seed);
  }

  /**
   * The key whose seed is {@code edsk} (base58check, 54 characters); anything else is {@code
   * Invalid_key}, saying what is wrong (a bad checksum, another prefix, the wrong length) without
   * showing the text.
   */
  public static SigningKey fromEdsk(String edsk) {
    return fromEdsk("the secret key", edsk);
  }

  /** {@link #fromEdsk(String)}, the error naming {@code source} (a key file, say). */
  static SigningKey fromEdsk(String source, String edsk) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    HashDecodeFailure failure = HashKind.ED25519_SEED.decodeSecret(edsk, seed);
    if (failure != null) {
      throw new KeyError.InvalidKey(source, "not an Ed25519 secret key (edsk…, 54 characters): "
          + failure + hint(edsk)).toException();
    }
    return new SigningKey(seed);
  }

  /** What the text looks like instead, from its first letters (which say no secret). */
  private static String hint(String text) {
    if (text.startsWith("edpk")) {
      return " (an edpk… public key; the secret key is the edsk… one)";
    }
    if (text.startsWith("edsk") && text.length() == 98) {
      return " (the 98-character edsk… form, seed and public key, is not taken; give the "
          + "54-character seed form)";
    }
    if (text.startsWith("unencrypted:")) {
      return " (Octez's 'unencrypted:' prefix: keep only the edsk… text after it)";
    }
    if (text.startsWith("edesk")) {
      return " (an encrypted key; give it unencrypted)";
    }
    return "";
  }

  /** A key from its 32-byte seed (a testnet's derived keys, published test vectors). */
  static SigningKey ofSeed(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    }
    return new SigningKey(seed.clone());
  }

  /**
   * A key from its seed and the public key computed from it before (by {@link #publicKey} of the
   * same seed): skips the scalar multiplication, the cost of deriving a key. The caller vouches
   * that the two belong together; a wrong pair signs with signatures that do not verify.
   */
  static SigningKey ofSeedAndPublicKey(byte[] seed, byte[] publicKey) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed and public key are 32 bytes each");
    }
    return new SigningKey(seed.clone(), publicKey.clone());
  }

  private static byte[] publicKeyOf(byte[] seed) {
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    return pk;
  }

  /** The secret, as {@code edsk…} text: for a key file, never for a log. */
  public String toEdsk() {
    return HashKind.ED25519_SEED.encode(Bytes.copyOf(seed));
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
    Ed25519.sign(seed, 0, publicKeyBytes, 0, message, 0, message.length, signature, 0);
    return Signature.of(signature);
  }

  /** The public key hash only: the secret is never printed. */
  @Override
  public String toString() {
    return "SigningKey[" + publicKeyHash + "]";
  }
}
