package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** The Merkle hash ({@code LLo…}) of a block's operation-list hashes, one per validation pass. */
public record OperationListListHash(Bytes bytes) implements TezosHash {

  public OperationListListHash {
    HashKind.OPERATION_LIST_LIST.requireLength(bytes);
  }

  public static OperationListListHash of(byte[] bytes) {
    return new OperationListListHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static OperationListListHash parse(String text) {
    return new OperationListListHash(HashKind.OPERATION_LIST_LIST.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.OPERATION_LIST_LIST;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
