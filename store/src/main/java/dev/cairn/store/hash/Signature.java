package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** An Ed25519 signature ({@code edsig…}). */
public record Signature(Bytes bytes) implements TezosHash {

  public Signature {
    HashKind.ED25519_SIGNATURE.requireLength(bytes);
  }

  public static Signature of(byte[] bytes) {
    return new Signature(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static Signature parse(String text) {
    return new Signature(HashKind.ED25519_SIGNATURE.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.ED25519_SIGNATURE;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
