package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A rollup commitment's hash ({@code src1…}): Blake2b-256 of the commitment's encoding. */
public record CommitmentHash(Bytes bytes) implements TezosHash {

  public CommitmentHash {
    HashKind.SMART_ROLLUP_COMMITMENT.requireLength(bytes);
  }

  public static CommitmentHash of(byte[] bytes) {
    return new CommitmentHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static CommitmentHash parse(String text) {
    return new CommitmentHash(HashKind.SMART_ROLLUP_COMMITMENT.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.SMART_ROLLUP_COMMITMENT;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
