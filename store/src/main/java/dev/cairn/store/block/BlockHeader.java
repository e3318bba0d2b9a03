package dev.cairn.store.block;

import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.OperationListListHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Tezos shell block header [Octez].
 *
 * <p>Encoding, big-endian: level int32 · proto uint8 · predecessor 32 · timestamp int64 seconds ·
 * validation_pass uint8 · operations_hash 32 · fitness (uint32 byte length, then each element as
 * uint32 length + bytes) · context 32 · protocol_data (the remaining bytes, no prefix).
 */
public record BlockHeader(
    int level,
    int proto,
    BlockHash predecessor,
    long timestamp,
    int validationPass,
    OperationListListHash operationsHash,
    List<Bytes> fitness,
    ContextHash context,
    Bytes protocolData) {

  /** The largest encoded header accepted (Octez bounds block headers far below this). */
  public static final int MAX_BYTES = 64 * 1024;

  private static final int FIXED_BYTES = 4 + 1 + 32 + 8 + 1 + 32 + 4 + 32;

  public BlockHeader {
    fitness = List.copyOf(fitness);
    if (proto < 0 || proto > 255 || validationPass < 0 || validationPass > 255) {
      throw new IllegalArgumentException("proto and validation_pass are uint8");
    }
    if (encodedSize(fitness, protocolData) > MAX_BYTES) {
      throw new IllegalArgumentException("header larger than " + MAX_BYTES + " bytes");
    }
  }

  private static int encodedSize(List<Bytes> fitness, Bytes protocolData) {
    return FIXED_BYTES + fitnessBytes(fitness) + protocolData.length();
  }

  private static int fitnessBytes(List<Bytes> fitness) {
    int size = 0;
    for (Bytes element : fitness) {
      size += 4 + element.length();
    }
    return size;
  }

  /** The canonical encoding. */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(encodedSize(fitness, protocolData));
    out.putInt(level).put((byte) proto);
    predecessor.bytes().writeTo(out);
    out.putLong(timestamp).put((byte) validationPass);
    operationsHash.bytes().writeTo(out);
    out.putInt(fitnessBytes(fitness));
    for (Bytes element : fitness) {
      out.putInt(element.length());
      element.writeTo(out);
    }
    context.bytes().writeTo(out);
    protocolData.writeTo(out);
    return out.array();
  }

  /** The block hash: Blake2b-256 of {@link #encode()}. */
  public BlockHash hash() {
    return BlockHash.ofHeader(encode());
  }

  /** Decodes a whole encoded header; a typed {@code Malformed_encoding} error if it is not one. */
  public static BlockHeader decode(byte[] encoded) {
    return decode(BinaryReader.of(encoded, "block header"));
  }

  /** Decodes a header that takes all the bytes remaining in {@code in}. */
  public static BlockHeader decode(BinaryReader in) {
    if (in.remaining() > MAX_BYTES) {
      throw in.fail("header is " + in.remaining() + " bytes, more than the maximum " + MAX_BYTES);
    }
    int level = in.i32("level");
    int proto = in.u8("proto");
    BlockHash predecessor = new BlockHash(in.value(32, "predecessor"));
    long timestamp = in.i64("timestamp");
    int validationPass = in.u8("validation_pass");
    OperationListListHash operationsHash = new OperationListListHash(in.value(32, "operations_hash"));
    BinaryReader fitnessIn = in.slice(in.length("fitness", MAX_BYTES), "fitness");
    List<Bytes> fitness = new ArrayList<>();
    while (fitnessIn.remaining() > 0) {
      fitness.add(fitnessIn.value(fitnessIn.length("fitness element", MAX_BYTES), "fitness element"));
    }
    ContextHash context = new ContextHash(in.value(32, "context"));
    Bytes protocolData = in.value(in.remaining(), "protocol_data");
    return new BlockHeader(level, proto, predecessor, timestamp, validationPass, operationsHash,
        fitness, context, protocolData);
  }
}
