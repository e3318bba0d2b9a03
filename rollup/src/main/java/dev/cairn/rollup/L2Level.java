package dev.cairn.rollup;

import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.validator.rollup.Commitment;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One level of the L2 chain as the rollup node keeps it and a snapshot carries it: the L2 block,
 * the messages it ran, and at a commitment level the commitment the node made.
 *
 * <p>Encoding: L2 block · u32 n · n × (u32 length · bytes) · u8 has-commitment · [commitment 76].
 * A message is at most {@value #MAX_MESSAGE} bytes and a level holds at most {@value
 * #MAX_MESSAGES} messages; a record is at most {@value #MAX_BYTES} bytes.
 */
public record L2Level(L2Block block, List<byte[]> messages, Optional<Commitment> commitment) {

  /** The largest message any Cairn protocol accepts (its constants say less). */
  public static final int MAX_MESSAGE = 1 << 16;
  /** The most messages one level may carry: 1,024 operations of 100 messages. */
  public static final int MAX_MESSAGES = 1024 * 100;
  /** The largest record: more than one L1 block (1,024 operations of 32 KiB) can send. */
  public static final int MAX_BYTES = 33 << 20;

  public L2Level {
    messages = List.copyOf(messages);
    if (messages.size() != block.messages()) {
      throw new IllegalArgumentException("the block counts " + block.messages()
          + " messages, the level has " + messages.size());
    }
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(L2Block.BYTES + 128);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.write(block.encode());
      out.writeInt(messages.size());
      for (byte[] message : messages) {
        out.writeInt(message.length);
        out.write(message);
      }
      out.writeByte(commitment.isPresent() ? 1 : 0);
      if (commitment.isPresent()) {
        out.write(commitment.get().encode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads the next record from {@code in}, streaming: each length checked against its maximum
   * before anything is allocated, and the record against {@link #MAX_BYTES}; a record that ends
   * early, or a fault in it, is {@code Malformed_encoding} naming the field. Empty at the end of
   * the stream (between records).
   */
  public static Optional<L2Level> readFrom(java.io.DataInputStream in, String what)
      throws java.io.IOException {
    byte[] header = new byte[L2Block.BYTES];
    int first = in.read();
    if (first < 0) {
      return Optional.empty();
    }
    header[0] = (byte) first;
    try {
      in.readFully(header, 1, header.length - 1);
      L2Block block = L2Block.read(BinaryReader.of(header, what));
      long count = Integer.toUnsignedLong(in.readInt());
      if (count > MAX_MESSAGES || count != block.messages()) {
        throw malformed(what, "level " + block.level() + " has " + count + " messages, its "
            + "block counts " + block.messages() + " (at most " + MAX_MESSAGES + ")");
      }
      long total = L2Block.BYTES + 4L;
      List<byte[]> messages = new ArrayList<>((int) count);
      for (int i = 0; i < count; i++) {
        long length = Integer.toUnsignedLong(in.readInt());
        total += 4 + length;
        if (length > MAX_MESSAGE || total > MAX_BYTES) {
          throw malformed(what, "level " + block.level() + ": message " + i + " of " + length
              + " bytes (at most " + MAX_MESSAGE + ", and " + MAX_BYTES + " a level)");
        }
        byte[] message = new byte[(int) length];
        in.readFully(message);
        messages.add(message);
      }
      int flag = in.readUnsignedByte();
      if (flag > 1) {
        throw malformed(what, "level " + block.level() + ": a commitment flag of " + flag);
      }
      Optional<Commitment> commitment = Optional.empty();
      if (flag == 1) {
        byte[] bytes = new byte[Commitment.BYTES];
        in.readFully(bytes);
        commitment = Optional.of(Commitment.read(BinaryReader.of(bytes, what)));
      }
      return Optional.of(new L2Level(block, messages, commitment));
    } catch (java.io.EOFException e) {
      throw malformed(what, "it ends inside a level");
    }
  }

  private static dev.cairn.error.CairnException malformed(String what, String reason) {
    return new dev.cairn.store.StoreError.MalformedEncoding(what, reason).toException();
  }

  /** Reads a record; every length checked before anything is allocated, each fault named. */
  public static L2Level read(BinaryReader in) {
    L2Block block = L2Block.read(in);
    int count = in.count("messages", MAX_MESSAGES, 4);
    if (count != block.messages()) {
      throw in.fail("the block counts " + block.messages() + " messages, the record "
          + count);
    }
    List<byte[]> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(in.bytes(in.length("message", MAX_MESSAGE), "message"));
    }
    int flag = in.u8("commitment flag");
    if (flag > 1) {
      throw in.fail("a commitment flag of " + flag);
    }
    Optional<Commitment> commitment = flag == 1 ? Optional.of(Commitment.read(in))
        : Optional.empty();
    in.expectEnd();
    return new L2Level(block, messages, commitment);
  }
}
