package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** The Merkle hash ({@code Lo…}) of one validation pass's operation hashes. */
public record OperationListHash(Bytes bytes) implements TezosHash {

  public OperationListHash {
    HashKind.OPERATION_LIST.requireLength(bytes);
  }

  public static OperationListHash of(byte[] bytes) {
    return new OperationListHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static OperationListHash parse(String text) {
    return new OperationListHash(HashKind.OPERATION_LIST.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.OPERATION_LIST;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
