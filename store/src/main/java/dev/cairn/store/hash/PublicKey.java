package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** An Ed25519 public key ({@code edpk…}). */
public record PublicKey(Bytes bytes) implements TezosHash {

  public PublicKey {
    HashKind.ED25519_PUBLIC_KEY.requireLength(bytes);
  }

  public static PublicKey of(byte[] bytes) {
    return new PublicKey(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static PublicKey parse(String text) {
    return new PublicKey(HashKind.ED25519_PUBLIC_KEY.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.ED25519_PUBLIC_KEY;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
