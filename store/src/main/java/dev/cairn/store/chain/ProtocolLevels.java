package dev.cairn.store.chain;

import dev.cairn.error.CauseText;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The protocol levels table: {@code proto_level} → (protocol, activation block and level), in
 * increasing {@code proto_level} and activation level.
 *
 * <p>Encoding: count uint32 · per row: proto_level uint8 · protocol 32 · activation block 32 ·
 * activation level int32.
 */
public record ProtocolLevels(List<ProtocolLevel> rows) {

  private static final int ROW_BYTES = 1 + 32 + 32 + 4;

  /** The largest encoding: 256 rows, one per {@code proto_level}. */
  public static final int MAX_ENCODED_BYTES = 4 + 256 * ROW_BYTES;

  public ProtocolLevels {
    rows = List.copyOf(rows);
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i).protoLevel() <= rows.get(i - 1).protoLevel()
          || rows.get(i).activationLevel() < rows.get(i - 1).activationLevel()) {
        throw new IllegalArgumentException("protocol levels must increase: " + rows);
      }
    }
  }

  public static final ProtocolLevels EMPTY = new ProtocolLevels(List.of());

  public Optional<ProtocolLevel> at(int protoLevel) {
    return rows.stream().filter(r -> r.protoLevel() == protoLevel).findFirst();
  }

  /** This table with {@code row} added at the end. */
  public ProtocolLevels with(ProtocolLevel row) {
    List<ProtocolLevel> more = new ArrayList<>(rows);
    more.add(row);
    return new ProtocolLevels(more);
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(4 + rows.size() * ROW_BYTES);
    out.putInt(rows.size());
    for (ProtocolLevel row : rows) {
      out.put((byte) row.protoLevel());
      row.protocol().bytes().writeTo(out);
      row.activationBlock().bytes().writeTo(out);
      out.putInt(row.activationLevel());
    }
    return out.array();
  }

  public static ProtocolLevels decode(BinaryReader in) {
    int count = in.count("protocol level count", 256, ROW_BYTES);
    List<ProtocolLevel> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int protoLevel = in.u8("proto_level");
      ProtocolHash protocol = new ProtocolHash(in.value(32, "protocol"));
      BlockHash block = new BlockHash(in.value(32, "activation block"));
      int level = in.i32("activation level");
      if (level < 0) {
        throw in.fail("negative activation level");
      }
      rows.add(new ProtocolLevel(protoLevel, protocol, block, level));
    }
    in.expectEnd();
    try {
      return new ProtocolLevels(rows);
    } catch (IllegalArgumentException e) {
      throw in.fail(CauseText.of(e));
    }
  }
}
