package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A rollup PVM state's hash ({@code srs1…}): the context hash of the state's canonical commit. */
public record RollupStateHash(Bytes bytes) implements TezosHash {

  public RollupStateHash {
    HashKind.SMART_ROLLUP_STATE.requireLength(bytes);
  }

  public static RollupStateHash of(byte[] bytes) {
    return new RollupStateHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static RollupStateHash parse(String text) {
    return new RollupStateHash(HashKind.SMART_ROLLUP_STATE.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.SMART_ROLLUP_STATE;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
