package dev.cairn.store.block;

import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.OperationHash;

/**
 * An operation as the shell sees it: the branch it was made on, then the protocol's bytes.
 *
 * <p>Encoding: branch 32 · data (the remaining bytes). Hash: Blake2b-256 of the encoding.
 */
public record Operation(BlockHash branch, Bytes data) {

  /** The largest encoded operation accepted (Octez's limit is 32 KiB of data). */
  public static final int MAX_BYTES = 32 * 1024 + 32;

  public Operation {
    if (32 + data.length() > MAX_BYTES) {
      throw new IllegalArgumentException("operation larger than " + MAX_BYTES + " bytes");
    }
  }

  public int encodedSize() {
    return 32 + data.length();
  }

  public byte[] encode() {
    byte[] out = new byte[encodedSize()];
    branch.bytes().copyTo(out, 0);
    data.copyTo(out, 32);
    return out;
  }

  public OperationHash hash() {
    return OperationHash.of(Blake2b.digest256(encode()));
  }
}
