package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A context hash ({@code Co…}): the hash of the context commit made after a block. */
public record ContextHash(Bytes bytes) implements TezosHash {

  public ContextHash {
    HashKind.CONTEXT.requireLength(bytes);
  }

  public static ContextHash of(byte[] bytes) {
    return new ContextHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static ContextHash parse(String text) {
    return new ContextHash(HashKind.CONTEXT.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.CONTEXT;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
