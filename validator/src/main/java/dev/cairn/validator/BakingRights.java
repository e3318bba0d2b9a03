package dev.cairn.validator;

import dev.cairn.store.hash.Blake2b;
import java.nio.ByteBuffer;

/**
 * Who may bake a level: {@code bakers[u64(Blake2b-256(seed · level)) mod n]}, from the bakers list
 * and the seed in the predecessor's context, so every node computes the same baker.
 */
public final class BakingRights {

  private BakingRights() {}

  /** The index in {@code bakers} of the baker of {@code level}. */
  public static int bakerIndex(int bakerCount, long seed, int level) {
    byte[] digest = Blake2b.digest256(ByteBuffer.allocate(12).putLong(seed).putInt(level).array());
    return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), bakerCount);
  }
}
