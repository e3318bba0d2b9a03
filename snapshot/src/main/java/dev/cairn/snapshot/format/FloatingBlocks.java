package dev.cairn.snapshot.format;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The {@code floating_blocks} member: {@code uint32 count}, then each block as {@code uint32
 * length} and its block encoding, in level order. Only the last, B−1, carries its metadata.
 */
public final class FloatingBlocks {

  /** The shortest block encoding: hash, header length, a 114-byte header, no passes, no metadata. */
  static final int MIN_BLOCK_BYTES = 32 + 4 + 114 + 1 + 1;

  private FloatingBlocks() {}

  /** Writes the count; then call {@link #writeBlock} {@code count} times. */
  public static void writeCount(DataOutputStream out, int count) throws IOException {
    out.writeInt(count);
  }

  public static void writeBlock(DataOutputStream out, Block block) throws IOException {
    byte[] encoded = BlockCodec.encode(block, block.metadata().isPresent());
    out.writeInt(encoded.length);
    out.write(encoded);
  }

  /**
   * Reads the blocks one at a time from {@code in}, which holds {@code size} bytes: every length
   * is checked against what remains before anything is allocated.
   */
  public static final class Reader {
    private final InputStream in;
    private long remaining;
    private final int count;
    private int read;

    public Reader(InputStream in, long size) {
      this.in = in;
      this.remaining = size;
      long declared = Integer.toUnsignedLong(readInt());
      if (declared > (remaining / (4 + MIN_BLOCK_BYTES))) {
        throw cannotRead("says " + declared + " blocks, more than its " + size
            + " bytes can hold");
      }
      this.count = (int) declared;
    }

    public int count() {
      return count;
    }

    public boolean hasNext() {
      return read < count;
    }

    /** The next block; {@code Corrupted_floating_store} if it does not decode. */
    public Block next() {
      long length = Integer.toUnsignedLong(readInt());
      if (length > BlockCodec.MAX_BYTES || length > remaining) {
        throw cannotRead("block " + read + " claims " + length + " bytes, but "
            + remaining + " remain");
      }
      byte[] encoded = readBytes((int) length);
      read++;
      try {
        return BlockCodec.decode(encoded, "floating block " + (read - 1));
      } catch (CairnException e) {
        throw new SnapshotError.CorruptedFloatingStore(e.error().details()).toException(e);
      }
    }

    /** Fails unless every byte of the member has been read. */
    public void expectEnd() {
      if (remaining != 0) {
        throw cannotRead(remaining + " bytes follow the last of its " + count + " blocks");
      }
    }

    private int readInt() {
      return ByteBuffer.wrap(readBytes(4)).getInt();
    }

    private byte[] readBytes(int length) {
      if (length > remaining) {
        throw cannotRead("ends inside block " + read);
      }
      try {
        byte[] bytes = new byte[length];
        if (in.readNBytes(bytes, 0, length) < length) {
          throw cannotRead("ends inside block " + read);
        }
        remaining -= length;
        return bytes;
      } catch (IOException e) {
        throw cannotRead(CauseText.of(e));
      }
    }

    private static RuntimeException cannotRead(String reason) {
      return new SnapshotError.CannotRead(SnapshotError.Part.FLOATING_BLOCKS, reason)
          .toException();
    }
  }
}
