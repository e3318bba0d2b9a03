package dev.cairn.store;

import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Cemented cycles: immutable files {@code cemented/<start>_<end>} of the canonical blocks of a
 * cycle (a range of levels), and their metadata beside them in {@code cemented/metadata/}.
 *
 * <p>Both kinds of file share one layout [Octez]: a table of {@code n = end − start + 1} absolute
 * offsets (uint64, big-endian), then the {@code n} entries in level order, each running to the next
 * offset (the last to the end of the file). A block entry is the {@link BlockCodec} encoding without
 * metadata, so a cemented file can go into a snapshot byte for byte; a metadata entry is {@link
 * BlockCodec#encodeMetadata}. A file is written whole through {@link AtomicFile} and never
 * rewritten: the full mode's GC deletes metadata files, the rolling mode's deletes both.
 */
final class CementedCycles {

  /** A cemented file's level range. */
  record Range(int start, int end) {
    int count() {
      return end - start + 1;
    }

    boolean contains(int level) {
      return start <= level && level <= end;
    }
  }

  private final DataDir dataDir;
  private final NavigableMap<Integer, Range> ranges = new TreeMap<>();
  /** Where reads find the files: the store's own directory, or a reader's pinned links. */
  private Path readDir;

  private CementedCycles(DataDir dataDir) {
    this.dataDir = dataDir;
    this.readDir = dataDir.cementedDir();
  }

  /** Lists the cemented files present. */
  static CementedCycles open(DataDir dataDir) {
    CementedCycles cycles = new CementedCycles(dataDir);
    Path dir = dataDir.cementedDir();
    if (!Files.isDirectory(dir)) {
      return cycles;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
      for (Path file : files) {
        DataDir.parseCementedName(file.getFileName().toString())
            .ifPresent(r -> cycles.ranges.put(r[0], new Range(r[0], r[1])));
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dir, "list", e);
    }
    return cycles;
  }

  /** The cemented ranges present, by start level. */
  NavigableMap<Integer, Range> ranges() {
    return ranges;
  }

  Optional<Range> rangeOf(int level) {
    Map.Entry<Integer, Range> entry = ranges.floorEntry(level);
    return entry != null && entry.getValue().contains(level)
        ? Optional.of(entry.getValue()) : Optional.empty();
  }

  Path blocksFile(Range range) {
    return DataDir.cementedFileIn(readDir, range.start(), range.end());
  }

  Path metadataFile(Range range) {
    return DataDir.cementedMetadataFileIn(readDir, range.start(), range.end());
  }

  /**
   * Hard-links every listed file (and its metadata, if present) into {@code pinDir}, and reads
   * from there from now on: a writer that deletes a file (rolling GC, full GC of metadata) no
   * longer takes it from this reader. Fails with {@link java.nio.file.NoSuchFileException} if a
   * file vanished before it was linked; the caller opens a fresh view and tries again.
   */
  void pinTo(Path pinDir) throws IOException {
    Files.createDirectories(DataDir.cementedMetadataDirIn(pinDir));
    for (Range range : ranges.values()) {
      Files.createLink(DataDir.cementedFileIn(pinDir, range.start(), range.end()),
          blocksFile(range));
      try {
        Files.createLink(DataDir.cementedMetadataFileIn(pinDir, range.start(), range.end()),
            metadataFile(range));
      } catch (NoSuchFileException e) {
        // this cycle keeps no metadata (or lost it just now): its blocks are all an export needs
      }
    }
    readDir = pinDir;
  }

  boolean hasMetadata(Range range) {
    return Files.isRegularFile(metadataFile(range));
  }

  /**
   * Writes the canonical blocks of levels {@code [start, end]}, and their metadata, one block at a
   * time: memory holds one block and the offset tables, whatever the cycle's size.
   *
   * @return the blocks' hashes, in level order
   */
  List<BlockHash> write(int start, int end, IntFunction<Block> blockAt) {
    Range range = new Range(start, end);
    try {
      Files.createDirectories(dataDir.cementedMetadataDir());
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dataDir.cementedDir(), "create", e);
    }
    List<BlockHash> hashes = new ArrayList<>(range.count());
    try (TableWriter blocks = new TableWriter(blocksFile(range), range.count());
        TableWriter metadata = new TableWriter(metadataFile(range), range.count())) {
      for (int level = start; level <= end; level++) {
        Block block = blockAt.apply(level);
        if (block.level() != level) {
          throw new IllegalStateException("block for level " + level + " is at " + block.level());
        }
        metadata.add(BlockCodec.encodeMetadata(block.metadata()));
        blocks.add(BlockCodec.encode(block, false));
        hashes.add(block.hash());
      }
      metadata.commit();
      blocks.commit();
    }
    ranges.put(range.start(), range);
    return hashes;
  }

  /** Writes an offset-table file entry by entry, then the table, then commits it atomically. */
  private static final class TableWriter implements AutoCloseable {
    private final AtomicFile file;
    private final ByteBuffer table;
    private long offset;

    TableWriter(Path target, int entries) {
      this.file = AtomicFile.create(target);
      this.table = ByteBuffer.allocate(8 * entries);
      this.offset = table.capacity();
      try {
        file.channel().position(offset);
      } catch (IOException e) {
        file.close();
        throw StoreError.StoreIoFailure.of(target, "write", e);
      }
    }

    void add(byte[] entry) {
      table.putLong(offset);
      file.write(ByteBuffer.wrap(entry));
      offset += entry.length;
    }

    void commit() {
      try {
        table.flip();
        long at = 0;
        while (table.hasRemaining()) {
          at += file.channel().write(table, at);
        }
      } catch (IOException e) {
        throw StoreError.StoreIoFailure.of(Path.of("cemented table"), "write", e);
      }
      file.commit();
    }

    @Override
    public void close() {
      file.close();
    }
  }

  /** The block at {@code level} of {@code range}, without metadata. */
  Block readBlock(Range range, int level) {
    Path file = blocksFile(range);
    byte[] entry = readEntry(file, range, level);
    Block block = BlockCodec.decode(entry, "cemented block at level " + level + " in " + file);
    if (block.level() != level) {
      throw corrupted(file, "entry for level " + level + " holds level " + block.level());
    }
    return block;
  }

  /** The metadata of the block at {@code level}, if its cycle still keeps metadata. */
  Optional<BlockMetadata> readMetadata(Range range, int level) {
    Path file = metadataFile(range);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    byte[] entry = readEntry(file, range, level);
    return BlockCodec.decodeMetadataEntry(BinaryReader.of(entry, "metadata of level " + level));
  }

  /** The hashes of a cemented file's blocks, in level order, read from each entry's first bytes. */
  List<BlockHash> readHashes(Range range) {
    List<BlockHash> hashes = new ArrayList<>();
    for (int level = range.start(); level <= range.end(); level++) {
      hashes.add(readHash(range, level));
    }
    return hashes;
  }

  /** The hash of the block at {@code level}, from its entry's first bytes, without decoding it. */
  BlockHash readHash(Range range, int level) {
    Path file = blocksFile(range);
    byte[] entry = readEntry(file, range, level);
    return BlockCodec.peek(entry, 0, entry.length, file.toString()).hash();
  }

  /** Removes a cemented range and its metadata from disk (rolling GC, or an uncommitted cycle). */
  void delete(Range range) {
    AtomicFile.deleteDurably(metadataFile(range));
    AtomicFile.deleteDurably(blocksFile(range));
    ranges.remove(range.start());
  }

  void deleteMetadata(Range range) {
    AtomicFile.deleteDurably(metadataFile(range));
  }

  private static byte[] readEntry(Path file, Range range, int level) {
    int index = level - range.start();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long tableBytes = 8L * range.count();
      ByteBuffer bounds = ByteBuffer.allocate(index + 1 < range.count() ? 16 : 8);
      readFully(channel, bounds, 8L * index, file);
      long start = bounds.getLong(0);
      long end = bounds.capacity() == 16 ? bounds.getLong(8) : size;
      if (start < tableBytes || end <= start || end > size || end - start > BlockCodec.MAX_BYTES) {
        throw corrupted(file, "bad offsets [" + start + ", " + end + ") for level " + level
            + " in a file of " + size + " bytes");
      }
      ByteBuffer entry = ByteBuffer.allocate((int) (end - start));
      readFully(channel, entry, start, file);
      return entry.array();
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "read", e);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw corrupted(file, "ends at " + at + ", inside an entry or its offset table");
      }
      at += read;
    }
  }

  private static RuntimeException corrupted(Path file, String fault) {
    return new StoreError.CorruptedStore("cemented file " + file + ": " + fault).toException();
  }
}
