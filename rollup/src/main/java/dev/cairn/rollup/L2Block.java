package dev.cairn.rollup;

import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.InboxHash;
import dev.cairn.store.hash.RollupStateHash;
import java.nio.ByteBuffer;

/**
 * The L2 block of one L1 level: what the rollup was after that level's inbox.
 *
 * <p>Encoding ({@value #BYTES} bytes): level i32 · L1 block 32 · L1 timestamp i64 · predecessor 32 ·
 * inbox 32 · state 32 · ticks i64 · messages u32. Its hash is Blake2b-256 of that; the first block's predecessor is 32
 * zero bytes.
 *
 * @param level the L1 level
 * @param l1Block the L1 block of that level whose messages it ran
 * @param timestamp that L1 block's timestamp (seconds)
 * @param predecessor the hash of the L2 block of the level below
 * @param inbox the inbox's hash after the level (L1's, recomputed)
 * @param state the PVM state's hash after the level
 * @param ticks the ticks the PVM took since the origination
 * @param messages how many messages the level had
 */
public record L2Block(int level, BlockHash l1Block, long timestamp, Bytes predecessor,
    InboxHash inbox,
    RollupStateHash state, long ticks, int messages) {

  public static final int BYTES = 4 + 32 + 8 + 32 * 3 + 8 + 4;
  /** The highest level an L2 block may have: far above any chain, far below overflow. */
  public static final int MAX_LEVEL = 1 << 30;
  public static final Bytes NO_PREDECESSOR = Bytes.copyOf(new byte[32]);

  public L2Block {
    if (predecessor.length() != 32) {
      throw new IllegalArgumentException("a predecessor is 32 bytes");
    }
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(BYTES).putInt(level);
    l1Block.bytes().writeTo(out);
    out.putLong(timestamp);
    predecessor.writeTo(out);
    inbox.bytes().writeTo(out);
    state.bytes().writeTo(out);
    return out.putLong(ticks).putInt(messages).array();
  }

  /** The block's hash, which its successor names. */
  public Bytes hash() {
    return Bytes.copyOf(Blake2b.digest256(encode()));
  }

  public static L2Block read(BinaryReader in) {
    int level = in.i32("level");
    BlockHash l1 = BlockHash.of(in.bytes(32, "L1 block"));
    long timestamp = in.i64("L1 timestamp");
    Bytes predecessor = in.value(32, "predecessor");
    InboxHash inbox = InboxHash.of(in.bytes(32, "inbox"));
    RollupStateHash state = RollupStateHash.of(in.bytes(32, "state"));
    long ticks = in.i64("ticks");
    int messages = in.i32("messages");
    if (ticks < 0 || messages < 0 || level < 0 || level > MAX_LEVEL) {
      throw in.fail("negative ticks or messages, or a level outside [0, " + MAX_LEVEL + "]");
    }
    return new L2Block(level, l1, timestamp, predecessor, inbox, state, ticks, messages);
  }
}
