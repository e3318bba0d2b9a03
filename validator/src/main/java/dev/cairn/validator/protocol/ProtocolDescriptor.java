package dev.cairn.validator.protocol;

import dev.cairn.error.CairnException;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.ProtocolHash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A protocol's descriptor: what its file holds and its hash commits to (format in the package
 * documentation). Constants are the protocol's numbers (fees, rewards, limits), by name.
 */
public record ProtocolDescriptor(String name, int environmentVersion,
    SortedMap<String, Long> constants) {

  static final int MAX_TEXT = 64;
  static final int MAX_CONSTANTS = 255;
  /** The largest encoding: every field at its maximum. */
  public static final int MAX_BYTES = 1 + MAX_TEXT + 2 + 1 + MAX_CONSTANTS * (1 + MAX_TEXT + 8);

  public ProtocolDescriptor {
    requireText(name, "name");
    if (environmentVersion < 0 || environmentVersion > 0xffff) {
      throw new IllegalArgumentException("an environment version is a u16");
    }
    if (constants.size() > MAX_CONSTANTS) {
      throw new IllegalArgumentException("at most 255 constants");
    }
    constants.keySet().forEach(key -> requireText(key, "constant name"));
    constants = Collections.unmodifiableSortedMap(new TreeMap<>(constants));
  }

  /** The constant {@code key}; an {@link IllegalArgumentException} if the protocol lacks it. */
  public long constant(String key) {
    Long value = constants.get(key);
    if (value == null) {
      throw new IllegalArgumentException(name + " has no constant " + key);
    }
    return value;
  }

  public byte[] encode() {
    int size = 1 + name.length() + 2 + 1;
    for (String key : constants.keySet()) {
      size += 1 + key.length() + 8;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    putText(out, name);
    out.putShort((short) environmentVersion).put((byte) constants.size());
    for (Map.Entry<String, Long> constant : constants.entrySet()) {
      putText(out, constant.getKey());
      out.putLong(constant.getValue());
    }
    return out.array();
  }

  /** The protocol hash: Blake2b-256 of {@link #encode()}. */
  public ProtocolHash hash() {
    return ProtocolHash.of(Blake2b.digest256(encode()));
  }

  /** Decodes a protocol file; {@code Cannot_decode_protocol} says what is wrong. */
  public static ProtocolDescriptor decode(byte[] bytes) {
    ProtocolHash hash = ProtocolHash.of(Blake2b.digest256(bytes));
    if (bytes.length > MAX_BYTES) {
      throw fail(hash, "a protocol file of " + bytes.length + " bytes, more than " + MAX_BYTES);
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      String name = text(in, "name", hash);
      int environment = Short.toUnsignedInt(in.getShort());
      int count = Byte.toUnsignedInt(in.get());
      TreeMap<String, Long> constants = new TreeMap<>();
      String previous = null;
      for (int i = 0; i < count; i++) {
        String key = text(in, "constant name", hash);
        if (previous != null && previous.compareTo(key) >= 0) {
          throw fail(hash, "constant names out of order or repeated at '" + key + "'");
        }
        constants.put(key, in.getLong());
        previous = key;
      }
      if (in.hasRemaining()) {
        throw fail(hash, in.remaining() + " unexpected trailing bytes");
      }
      return new ProtocolDescriptor(name, environment, constants);
    } catch (BufferUnderflowException e) {
      throw fail(hash, "truncated");
    }
  }

  private static String text(ByteBuffer in, String field, ProtocolHash hash) {
    int length = Byte.toUnsignedInt(in.get());
    if (length < 1 || length > MAX_TEXT || length > in.remaining()) {
      throw fail(hash, "a " + field + " of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7e) {
        throw fail(hash, "a " + field + " with a byte that is not printable ASCII");
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static void putText(ByteBuffer out, String text) {
    out.put((byte) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void requireText(String text, String field) {
    if (text.isEmpty() || text.length() > MAX_TEXT
        || !text.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new IllegalArgumentException("a " + field + " is 1 to 64 printable ASCII characters");
    }
  }

  private static CairnException fail(ProtocolHash hash, String reason) {
    return new ProtocolError.CannotDecodeProtocol(hash, reason).toException();
  }
}
