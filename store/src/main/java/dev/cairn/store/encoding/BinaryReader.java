package dev.cairn.store.encoding;

import dev.cairn.error.CairnException;
import dev.cairn.store.StoreError;
import java.nio.ByteBuffer;

/**
 * Reads a big-endian encoding from a bounded buffer of untrusted bytes.
 *
 * <p>Nothing is allocated from a length until that length has been checked against the bytes that
 * remain and against the caller's limit. Every failure is a {@code Malformed_encoding} error that
 * names {@code what} is being decoded and the field at fault.
 */
public final class BinaryReader {

  private final ByteBuffer buffer;
  private final String what;

  private BinaryReader(ByteBuffer buffer, String what) {
    this.buffer = buffer;
    this.what = what;
  }

  /** A reader over the whole of {@code bytes}. */
  public static BinaryReader of(byte[] bytes, String what) {
    return new BinaryReader(ByteBuffer.wrap(bytes), what);
  }

  /** A reader over {@code length} bytes of {@code bytes} from {@code offset}. */
  public static BinaryReader of(byte[] bytes, int offset, int length, String what) {
    return new BinaryReader(ByteBuffer.wrap(bytes, offset, length).slice(), what);
  }

  /** A reader over the remaining bytes of {@code buffer}; the buffer's position is not moved. */
  public static BinaryReader of(ByteBuffer buffer, String what) {
    return new BinaryReader(buffer.slice(), what);
  }

  public int remaining() {
    return buffer.remaining();
  }

  public int position() {
    return buffer.position();
  }

  public int u8(String field) {
    require(1, field);
    return Byte.toUnsignedInt(buffer.get());
  }

  public int i32(String field) {
    require(4, field);
    return buffer.getInt();
  }

  public long i64(String field) {
    require(8, field);
    return buffer.getLong();
  }

  /** A 32-bit unsigned length, checked against {@code max} and against what remains. */
  public int length(String field, int max) {
    require(4, field);
    long length = Integer.toUnsignedLong(buffer.getInt());
    if (length > max) {
      throw fail(field + " is " + length + " bytes, more than the maximum " + max);
    }
    if (length > buffer.remaining()) {
      throw fail(field + " is " + length + " bytes but only " + buffer.remaining() + " remain");
    }
    return (int) length;
  }

  /** A count of items that each take at least {@code minItemBytes}, checked against what remains. */
  public int count(String field, int max, int minItemBytes) {
    require(4, field);
    long count = Integer.toUnsignedLong(buffer.getInt());
    if (count > max) {
      throw fail(field + " is " + count + ", more than the maximum " + max);
    }
    if (count * minItemBytes > buffer.remaining()) {
      throw fail(field + " is " + count + " but only " + buffer.remaining() + " bytes remain");
    }
    return (int) count;
  }

  public byte[] bytes(int length, String field) {
    require(length, field);
    byte[] out = new byte[length];
    buffer.get(out);
    return out;
  }

  public Bytes value(int length, String field) {
    return Bytes.adopt(bytes(length, field));
  }

  /** A sub-reader over the next {@code length} bytes, which this reader then skips. */
  public BinaryReader slice(int length, String field) {
    require(length, field);
    ByteBuffer sub = buffer.slice().limit(length);
    buffer.position(buffer.position() + length);
    return new BinaryReader(sub, what);
  }

  /** Refuses trailing bytes. */
  public void expectEnd() {
    if (buffer.hasRemaining()) {
      throw fail(buffer.remaining() + " unexpected trailing bytes");
    }
  }

  /** A typed error about this input, for checks made by the caller. */
  public CairnException fail(String reason) {
    return new StoreError.MalformedEncoding(what, reason).toException();
  }

  private void require(int length, String field) {
    if (length < 0 || length > buffer.remaining()) {
      throw fail("truncated: " + field + " needs " + length + " bytes but only "
          + buffer.remaining() + " remain");
    }
  }

}
