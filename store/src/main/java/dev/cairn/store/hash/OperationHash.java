package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** An operation hash ({@code o…}): Blake2b-256 of the operation's bytes. */
public record OperationHash(Bytes bytes) implements TezosHash {

  public OperationHash {
    HashKind.OPERATION.requireLength(bytes);
  }

  public static OperationHash of(byte[] bytes) {
    return new OperationHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static OperationHash parse(String text) {
    return new OperationHash(HashKind.OPERATION.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.OPERATION;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
