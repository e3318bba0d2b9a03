package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A block hash ({@code B…}): Blake2b-256 of the encoded shell header. */
public record BlockHash(Bytes bytes) implements TezosHash {

  public BlockHash {
    HashKind.BLOCK.requireLength(bytes);
  }

  public static BlockHash of(byte[] bytes) {
    return new BlockHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static BlockHash parse(String text) {
    return new BlockHash(HashKind.BLOCK.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.BLOCK;
  }

  /** The hash of an encoded shell header. */
  public static BlockHash ofHeader(byte[] encodedHeader) {
    return of(Blake2b.digest256(encodedHeader));
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
