package dev.cairn.store;

import dev.cairn.error.CairnException;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec.BlockKey;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DeferredSync;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The floating blocks: an append-only log of recent blocks, side branches included.
 *
 * <p>Record: length uint32 · CRC-32C of the payload uint32 · payload (the {@link BlockCodec}
 * encoding, with metadata when the block has it). Appends are not forced to disk one by one; {@link
 * #sync()} makes everything appended durable, and the store calls it before a marker may name a
 * new block. On open the log is scanned and indexed in memory (it holds a few cycles). The scan
 * stops at the first record that is not whole and sound: a length running past the end, a CRC
 * mismatch, an empty record (a tail of zeros, as a power loss can leave, has a valid CRC), or a
 * payload that does not decode. A reader ignores what follows; a writer cuts it off with {@link
 * #truncateTail()} once the store has checked that its head lies before it.
 */
final class FloatingLog implements AutoCloseable {

  private static final int RECORD_HEADER = 8;

  /** Where a block's record is, and what the store needs to know of it without reading it. */
  record Entry(BlockKey key, long offset, int length) {}

  private final Path path;
  private final FileChannel channel;
  private final Map<BlockHash, Entry> entries = new LinkedHashMap<>();
  private long end;

  private FloatingLog(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Opens (creating if {@code writable} and absent) and indexes the log. */
  static FloatingLog open(Path path, boolean writable) {
    try {
      FileChannel channel = writable
          ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE)
          : FileChannel.open(path, StandardOpenOption.READ);
      FloatingLog log = new FloatingLog(path, channel);
      log.scan();
      return log;
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "open", e);
    }
  }

  private void scan() throws IOException {
    long size = channel.size();
    ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
    long offset = 0;
    while (offset + RECORD_HEADER <= size) {
      header.clear();
      readFully(header, offset);
      long length = Integer.toUnsignedLong(header.getInt(0));
      if (length == 0 || length > BlockCodec.MAX_BYTES || offset + RECORD_HEADER + length > size) {
        break;
      }
      byte[] payload = readPayload(offset, (int) length);
      if (!checksumMatches(payload, header.getInt(4))) {
        break;
      }
      BlockKey key;
      try {
        key = BlockCodec.peek(payload, 0, payload.length, "floating block at " + offset);
      } catch (CairnException undecodable) {
        break;
      }
      entries.put(key.hash(), new Entry(key, offset, (int) length));
      offset += RECORD_HEADER + length;
    }
    end = offset;
  }

  /** Cuts off what follows the last sound record, durably. For a writer, after recovery checks. */
  void truncateTail() {
    try {
      if (channel.size() > end) {
        channel.truncate(end);
        if (!DeferredSync.covers(path)) {
          channel.force(true);
        }
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "truncate", e);
    }
  }

  boolean contains(BlockHash hash) {
    return entries.containsKey(hash);
  }

  Optional<Entry> entry(BlockHash hash) {
    return Optional.ofNullable(entries.get(hash));
  }

  /** The entries in the order they were appended. */
  Collection<Entry> entries() {
    return entries.values();
  }

  /** Appends {@code block} (not yet durable: see {@link #sync()}). */
  void append(Block block) {
    appendRecord(BlockCodec.encode(block, true));
  }

  private void appendRecord(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + payload.length);
    record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
    try {
      long offset = end;
      while (record.hasRemaining()) {
        offset += channel.write(record, offset);
      }
      BlockKey key = BlockCodec.peek(payload, 0, payload.length, "floating block");
      entries.put(key.hash(), new Entry(key, end, payload.length));
      end = offset;
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "append to", e);
    }
  }

  /** Copies the records of {@code kept}, in order and byte for byte, into a new log at {@code target}. */
  void copyTo(Path target, Collection<Entry> kept) {
    try (AtomicFile out = AtomicFile.create(target)) {
      for (Entry entry : kept) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + entry.length());
        readFully(record, entry.offset());
        record.flip();
        out.write(record);
      }
      out.commit();
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "read", e);
    }
  }

  /** Reads a block; a record that fails its checksum or decoding is {@code Corrupted_store}. */
  Block read(Entry entry) {
    try {
      ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
      readFully(header, entry.offset());
      byte[] payload = readPayload(entry.offset(), entry.length());
      if (header.getInt(0) != entry.length() || !checksumMatches(payload, header.getInt(4))) {
        throw new StoreError.CorruptedStore("floating block " + entry.key().hash() + " in " + path
            + " fails its checksum").toException();
      }
      return BlockCodec.decode(payload, "floating block " + entry.key().hash());
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "read", e);
    }
  }

  /** Makes every append so far durable. */
  void sync() {
    try {
      if (!DeferredSync.covers(path)) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "fsync", e);
    }
  }

  private byte[] readPayload(long recordOffset, int length) throws IOException {
    ByteBuffer payload = ByteBuffer.allocate(length);
    readFully(payload, recordOffset + RECORD_HEADER);
    return payload.array();
  }

  private void readFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("unexpected end of " + path + " at " + at);
      }
      at += read;
    }
  }

  private static boolean checksumMatches(byte[] payload, int expected) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue() == expected;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(path, "close", e);
    }
  }
}
