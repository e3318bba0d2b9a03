package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A smart rollup's address ({@code sr1…}): 20 bytes fixed when it is originated. */
public record RollupAddress(Bytes bytes) implements TezosHash {

  public RollupAddress {
    HashKind.SMART_ROLLUP_ADDRESS.requireLength(bytes);
  }

  public static RollupAddress of(byte[] bytes) {
    return new RollupAddress(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static RollupAddress parse(String text) {
    return new RollupAddress(HashKind.SMART_ROLLUP_ADDRESS.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.SMART_ROLLUP_ADDRESS;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
