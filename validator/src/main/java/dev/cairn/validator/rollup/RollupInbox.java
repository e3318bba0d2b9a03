package dev.cairn.validator.rollup;

import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.InboxHash;
import dev.cairn.store.hash.RollupAddress;
import java.nio.ByteBuffer;

/**
 * A rollup's inbox as a hash chain, one link per message: what L1 keeps of the messages (the
 * messages themselves are in its blocks), and what a rollup node recomputes from them.
 *
 * <pre>
 *   start   = Blake2b-256(0x00 · rollup 20 · origination level i32)
 *   next    = Blake2b-256(0x01 · previous 32 · level i32 · index u32 · Blake2b-256(message))
 * </pre>
 *
 * where {@code index} counts the level's messages to that rollup from 0. L1 records the chain's
 * head after each level that has messages; a level without messages leaves it unchanged.
 */
public final class RollupInbox {

  private RollupInbox() {}

  /** The chain's start, at the rollup's origination. */
  public static InboxHash start(RollupAddress rollup, int originationLevel) {
    ByteBuffer in = ByteBuffer.allocate(1 + 20 + 4).put((byte) 0);
    rollup.bytes().writeTo(in);
    return InboxHash.of(Blake2b.digest256(in.putInt(originationLevel).array()));
  }

  /** The chain after {@code message}, the {@code index}-th message of {@code level}. */
  public static InboxHash next(InboxHash previous, int level, int index, byte[] message) {
    ByteBuffer in = ByteBuffer.allocate(1 + 32 + 4 + 4 + 32).put((byte) 1);
    previous.bytes().writeTo(in);
    in.putInt(level).putInt(index).put(Blake2b.digest256(message));
    return InboxHash.of(Blake2b.digest256(in.array()));
  }
}
