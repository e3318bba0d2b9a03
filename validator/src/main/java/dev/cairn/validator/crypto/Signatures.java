package dev.cairn.validator.crypto;

import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.Signature;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Checks Tezos-style Ed25519 signatures: over Blake2b-256(watermark · bytes). */
public final class Signatures {

  private Signatures() {}

  /** The digest that is signed. */
  static byte[] digest(Watermark watermark, byte[] bytes) {
    return Blake2b.digest256(watermark.bytes(), bytes);
  }

  /** Whether {@code signature} is {@code key}'s over {@code bytes} for {@code watermark}. */
  public static boolean verify(PublicKey key, Watermark watermark, byte[] bytes,
      Signature signature) {
    byte[] digest = digest(watermark, bytes);
    return Ed25519.verify(signature.bytes().toArray(), 0, key.bytes().toArray(), 0, digest, 0,
        digest.length);
  }
}
