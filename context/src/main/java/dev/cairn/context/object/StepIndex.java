package dev.cairn.context.object;

import dev.cairn.store.hash.Blake2b;

/**
 * Where a step goes in a large directory: at depth {@code d}, bucket {@code bits [5d, 5d + 5)} of
 * the Blake2b-256 of the step's UTF-8 bytes (most significant bit first).
 *
 * <p>A cryptographic hash keeps the trie balanced whatever names a protocol's users choose: no one
 * can make many steps share a long prefix. With 32 buckets per inode and 256 bits, depths run from
 * 0 to {@link #MAX_INODE_DEPTH}; 33 steps agreeing on 255 bits would be a hash collision.
 */
public final class StepIndex {

  public static final int BUCKETS = 32;
  public static final int MAX_INODE_DEPTH = 50;

  private final byte[] digest;

  private StepIndex(byte[] digest) {
    this.digest = digest;
  }

  public static StepIndex of(byte[] stepUtf8) {
    return new StepIndex(Blake2b.digest256(stepUtf8, 0, stepUtf8.length));
  }

  public static StepIndex of(String step) {
    return of(Steps.encode(step));
  }

  /** The bucket, from 0 to 31, at {@code depth}. */
  public int bucket(int depth) {
    if (depth < 0 || depth > MAX_INODE_DEPTH) {
      throw new IllegalArgumentException("no bucket at depth " + depth);
    }
    int bit = depth * 5;
    int hi = Byte.toUnsignedInt(digest[bit >> 3]);
    int lo = (bit >> 3) + 1 < digest.length ? Byte.toUnsignedInt(digest[(bit >> 3) + 1]) : 0;
    int window = (hi << 8) | lo;
    return (window >> (11 - (bit & 7))) & 0x1f;
  }
}
