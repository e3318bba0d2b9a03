package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A chain id ({@code Net…}): the first four bytes of Blake2b-256 of the genesis block hash. */
public record ChainId(Bytes bytes) implements TezosHash {

  public ChainId {
    HashKind.CHAIN_ID.requireLength(bytes);
  }

  public static ChainId of(byte[] bytes) {
    return new ChainId(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static ChainId parse(String text) {
    return new ChainId(HashKind.CHAIN_ID.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.CHAIN_ID;
  }

  /** The chain id of the chain whose genesis block is {@code genesis}. */
  public static ChainId ofGenesis(BlockHash genesis) {
    return new ChainId(Bytes.copyOf(Blake2b.digest256(genesis.bytes().toArray()), 0, 4));
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
