package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;

/** A rollup inbox's hash at one level ({@code srib1…}): the head of its hash chain. */
public record InboxHash(Bytes bytes) implements TezosHash {

  public InboxHash {
    HashKind.SMART_ROLLUP_INBOX.requireLength(bytes);
  }

  public static InboxHash of(byte[] bytes) {
    return new InboxHash(Bytes.copyOf(bytes));
  }

  /** Parses base58check text; a typed {@code Invalid_hash_encoding} error if it is not one. */
  public static InboxHash parse(String text) {
    return new InboxHash(HashKind.SMART_ROLLUP_INBOX.decode(text));
  }

  @Override
  public HashKind kind() {
    return HashKind.SMART_ROLLUP_INBOX;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
