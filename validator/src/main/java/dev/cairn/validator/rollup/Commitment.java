package dev.cairn.validator.rollup;

import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.RollupStateHash;
import java.nio.ByteBuffer;

/**
 * A commitment: a staker's claim that after every message up to {@code inboxLevel} the rollup's
 * PVM state hashes to {@code state}, having taken {@code ticks} ticks since {@code predecessor}.
 * Encoding: state 32 · inbox level i32 · predecessor 32 · ticks i64 (76 bytes); its hash ({@code
 * src1…}) is Blake2b-256 of that.
 */
public record Commitment(RollupStateHash state, int inboxLevel, CommitmentHash predecessor,
    long ticks) {

  public static final int BYTES = 32 + 4 + 32 + 8;
  /** The predecessor of a rollup's genesis commitment. */
  public static final CommitmentHash NONE = CommitmentHash.of(new byte[32]);

  /** The genesis commitment of a rollup originated at {@code level} in {@code state}. */
  public static Commitment genesis(RollupStateHash state, int level) {
    return new Commitment(state, level, NONE, 0);
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(BYTES);
    state.bytes().writeTo(out);
    out.putInt(inboxLevel);
    predecessor.bytes().writeTo(out);
    return out.putLong(ticks).array();
  }

  public CommitmentHash hash() {
    return CommitmentHash.of(Blake2b.digest256(encode()));
  }

  /** Reads one commitment from {@code in}; a short or malformed one fails naming its field. */
  public static Commitment read(BinaryReader in) {
    RollupStateHash state = RollupStateHash.of(in.bytes(32, "commitment state"));
    int level = in.i32("commitment inbox level");
    CommitmentHash predecessor = CommitmentHash.of(in.bytes(32, "commitment predecessor"));
    return new Commitment(state, level, predecessor, in.i64("commitment ticks"));
  }
}
