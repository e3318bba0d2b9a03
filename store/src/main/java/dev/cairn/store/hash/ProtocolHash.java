package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A protocol hash ({@code P…}): Blake2b-256 of the protocol file's bytes. */
public record ProtocolHash(Bytes bytes) implements TezosHash {

  public ProtocolHash {
    HashKind.PROTOCOL.requireLength(bytes);
  }

  public static ProtocolHash of(byte[] bytes) {
    return new ProtocolHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static ProtocolHash parse(String text) {
    return new ProtocolHash(HashKind.PROTOCOL.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.PROTOCOL;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
