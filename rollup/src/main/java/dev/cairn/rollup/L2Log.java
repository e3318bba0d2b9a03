package dev.cairn.rollup;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.store.encoding.BinaryReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The L2 chain on disk: an append-only log of {@link L2Level} records, one per L1 level, in
 * level order with no gap.
 *
 * <p>Record: length u32 · CRC-32C of the payload u32 · payload. Appends are made durable by
 * {@link #sync}, which the node calls after the states they name are durable in its context. On
 * open the log is scanned and each record's offset kept (8 bytes a level). The scan stops at the
 * first record that is not whole and sound, or whose level does not follow: a reader beside the
 * writer ignores what follows (a record being written), a writer cuts it off (what a crash left).
 */
final class L2Log implements AutoCloseable {

  private static final int HEADER = 8;

  private final Path path;
  private final FileChannel channel;
  private int first = -1;
  private long[] offsets = new long[1024];
  private int count;
  private long end;

  private L2Log(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Opens (creating it if {@code writable} and absent) and scans the log. */
  static L2Log open(Path path, boolean writable) {
    try {
      FileChannel channel = writable
          ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE)
          : FileChannel.open(path, StandardOpenOption.READ);
      L2Log log = new L2Log(path, channel);
      try {
        log.scan();
        if (writable && channel.size() > log.end) {
          channel.truncate(log.end);
          channel.force(true);
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      return log;
    } catch (IOException e) {
      throw failure(path, "open the L2 log: " + CauseText.of(e));
    }
  }

  /** Reads the records a writer appended since this log was opened or last refreshed. */
  void refresh() {
    try {
      scanFrom(end);
    } catch (IOException e) {
      throw failure("read " + path + ": " + CauseText.of(e));
    }
  }

  private void scan() throws IOException {
    scanFrom(0);
  }

  private void scanFrom(long start) throws IOException {
    long size = channel.size();
    long at = start;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (at + HEADER <= size) {
      header.clear();
      readFully(header, at);
      header.flip();
      long length = Integer.toUnsignedLong(header.getInt());
      int crc = header.getInt();
      if (length < L2Block.BYTES || length > L2Level.MAX_BYTES || at + HEADER + length > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate((int) length);
      readFully(payload, at + HEADER);
      CRC32C check = new CRC32C();
      check.update(payload.array());
      if ((int) check.getValue() != crc) {
        break;
      }
      int level = ByteBuffer.wrap(payload.array()).getInt();
      if (level < 0 || level > L2Block.MAX_LEVEL || first >= 0 && level != (long) first + count) {
        break;
      }
      remember(level, at);
      at += HEADER + length;
    }
    end = at;
  }

  private void remember(int level, long offset) {
    if (first < 0) {
      first = level;
    }
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[count++] = offset;
  }

  /** The first level, if the log holds any. */
  Optional<Integer> firstLevel() {
    return count == 0 ? Optional.empty() : Optional.of(first);
  }

  /** The last level, if the log holds any. */
  Optional<Integer> lastLevel() {
    return count == 0 ? Optional.empty() : Optional.of(first + count - 1);
  }

  /** The record of {@code level}, if the log holds it. */
  Optional<L2Level> read(int level) {
    if (count == 0 || level < first || level >= (long) first + count) {
      return Optional.empty();
    }
    long offset = offsets[level - first];
    long next = level - first + 1 < count ? offsets[level - first + 1] : end;
    ByteBuffer payload = ByteBuffer.allocate((int) (next - offset - HEADER));
    try {
      readFully(payload, offset + HEADER);
    } catch (IOException e) {
      throw failure("read level " + level + " of " + path + ": " + CauseText.of(e));
    }
    try {
      return Optional.of(L2Level.read(BinaryReader.of(payload.array(), "L2 level " + level)));
    } catch (CairnException e) {
      throw failure("level " + level + " does not decode: " + e.error().details());
    }
  }

  /** Appends {@code level}'s record, the next level; durable once {@link #sync} returns. */
  void append(L2Level level) {
    int expected = count == 0 ? level.block().level() : first + count;
    if (level.block().level() != expected) {
      throw new IllegalArgumentException("level " + level.block().level() + " appended after "
          + (expected - 1));
    }
    byte[] payload = level.encode();
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length).putInt(payload.length)
        .putInt((int) crc.getValue()).put(payload).flip();
    try {
      while (record.hasRemaining()) {
        channel.write(record, end + record.position());
      }
    } catch (IOException e) {
      throw failure("append to " + path + ": " + CauseText.of(e));
    }
    remember(level.block().level(), end);
    end += HEADER + payload.length;
  }

  void sync() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw failure("sync " + path + ": " + CauseText.of(e));
    }
  }

  private void readFully(ByteBuffer buffer, long at) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private CairnException failure(String fault) {
    return failure(path, fault);
  }

  private static CairnException failure(Path path, String fault) {
    return new RollupError.CorruptedRollupStore(path, fault).toException();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was pending: appends are synced by sync(), not on close.
    }
  }
}
