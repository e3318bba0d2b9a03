package dev.cairn.validator.crypto;

import dev.cairn.store.hash.ChainId;

/** What a signature is for, prefixed to the signed bytes before hashing them. */
public record Watermark(byte[] bytes) {

  /** A block header of the chain {@code chainId}: {@code 0x01 · chain id}. */
  public static Watermark block(ChainId chainId) {
    byte[] id = chainId.bytes().toArray();
    byte[] bytes = new byte[1 + id.length];
    bytes[0] = 0x01;
    System.arraycopy(id, 0, bytes, 1, id.length);
    return new Watermark(bytes);
  }

  /** An operation: {@code 0x03}. */
  public static Watermark operation() {
    return new Watermark(new byte[] {0x03});
  }

  public Watermark {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
