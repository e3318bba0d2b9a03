package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** An Ed25519 public key hash ({@code tz1…}): Blake2b-160 of the public key. */
public record PublicKeyHash(Bytes bytes) implements TezosHash {

  public PublicKeyHash {
    HashKind.ED25519_PUBLIC_KEY_HASH.requireLength(bytes);
  }

  public static PublicKeyHash of(byte[] bytes) {
    return new PublicKeyHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static PublicKeyHash parse(String text) {
    return new PublicKeyHash(HashKind.ED25519_PUBLIC_KEY_HASH.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.ED25519_PUBLIC_KEY_HASH;
  }

  /** The hash of an Ed25519 public key. */
  public static PublicKeyHash ofKey(PublicKey key) {
    return of(Blake2b.digest160(key.bytes().toArray()));
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
