package dev.cairn.snapshot.chain;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.FloatingBlocks;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.hash.BlockHash;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The floating blocks of a chain's snapshots, on disk: one spool file of their encodings, one
 * index file of where each begins (8 bytes a block), and in memory one run per snapshot. Each
 * snapshot's floating blocks must be one run: consecutive levels, each the successor of the one
 * before, none at or above its own block (an export writes nothing else), so memory grows with
 * the number of snapshots, not of blocks. A later snapshot's block of a level replaces an
 * earlier one's: the tip's B−1 carries its metadata where a parent's copy had none. Written out,
 * the union is the floating blocks of a direct export: one block per level over a range, each
 * the predecessor of the next, only the last with its metadata.
 */
final class FloatingUnion implements AutoCloseable {

  /** One snapshot's blocks: levels {@code low} to {@code high}, from index {@code first}. */
  private record Run(int low, int high, long first) {}

  private final Path spool;
  private final FileChannel blocks;
  private final FileChannel index;
  private final List<Run> runs = new ArrayList<>();
  private long size;
  private long count;
  private Block last;
  private int runLimit;
  private long runFirst;

  FloatingUnion(Path spool, Path indexFile) {
    this.spool = spool;
    this.blocks = open(spool);
    try {
      this.index = open(indexFile);
    } catch (RuntimeException e) {
      closeQuietly(blocks);
      throw e;
    }
  }

  private static FileChannel open(Path file) {
    try {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(file, "create", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Scratch: its directory is removed with it.
    }
  }

  /** Starts the run of a snapshot of the block at {@code level}. */
  void begin(int level) {
    last = null;
    runLimit = level - 1;
    runFirst = count;
  }

  /** Keeps {@code block}, the next of the current snapshot's run; its hash is recomputed. */
  void add(Block block) {
    if (!block.header().hash().equals(block.hash())) {
      throw inconsistent("the floating block at level " + block.level() + " is not "
          + block.hash() + ": its header hashes to " + block.header().hash());
    }
    if (block.level() > runLimit || block.level() < 1) {
      throw inconsistent("a floating block at level " + block.level() + ", not below the "
          + "snapshot's own block");
    }
    if (last != null && (block.level() != last.level() + 1
        || !block.predecessor().equals(last.hash()))) {
      throw inconsistent("the floating block at level " + block.level() + " (" + block.hash()
          + ") does not follow the one before it (" + last.hash() + " at level " + last.level()
          + ")");
    }
    byte[] encoded = BlockCodec.encode(block, block.metadata().isPresent());
    write(blocks, ByteBuffer.wrap(encoded), size);
    write(index, ByteBuffer.allocate(8).putLong(0, size), 8 * count);
    size += encoded.length;
    count++;
    if (last == null) {
      runs.add(new Run(block.level(), block.level(), runFirst));
    } else {
      Run run = runs.remove(runs.size() - 1);
      runs.add(new Run(run.low(), block.level(), run.first()));
    }
    last = block;
  }

  /**
   * Ends the current snapshot's run, which must end at its B−1, {@code predecessor} (unless B−1
   * is genesis): so each run hangs from its snapshot's own block.
   */
  void end(BlockHash predecessor) {
    if (runLimit >= 1 && (last == null || last.level() != runLimit
        || !last.hash().equals(predecessor))) {
      throw inconsistent("the floating blocks of the snapshot of level " + (runLimit + 1)
          + " do not end at its B−1 (" + predecessor + ")");
    }
  }

  /** The block kept for {@code level}: the latest snapshot's that holds it. */
  Optional<Block> at(int level) {
    for (int i = runs.size() - 1; i >= 0; i--) {
      Run run = runs.get(i);
      if (run.low() <= level && level <= run.high()) {
        return Optional.of(read(run.first() + level - run.low(), level));
      }
    }
    return Optional.empty();
  }

  /**
   * Writes the {@code floating_blocks} member of the levels {@code from} to {@code to} into
   * {@code out}: each level's block, linked to the one below, the last {@code top} with its
   * metadata, the others without. Returns how many blocks it wrote.
   */
  int writeTo(Path out, int from, int to, BlockHash top) {
    int written = Math.max(0, to - from + 1);
    try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(out, StandardOpenOption.CREATE_NEW), 1 << 16))) {
      FloatingBlocks.writeCount(data, written);
      Block previous = null;
      for (int level = from; level <= to; level++) {
        int at = level;
        Block block = at(level).orElseThrow(() -> inconsistent("no snapshot of the chain holds "
            + "the block at level " + at));
        if (previous != null && !block.predecessor().equals(previous.hash())) {
          throw inconsistent("the block at level " + level + " (" + block.hash() + ") does not "
              + "follow the one below it (" + previous.hash() + ")");
        }
        if (level == to) {
          if (!block.hash().equals(top) || block.metadata().isEmpty()) {
            throw inconsistent("the block at level " + level + " is not B−1 (" + top + ") with "
                + "its metadata");
          }
          FloatingBlocks.writeBlock(data, block);
        } else {
          FloatingBlocks.writeBlock(data, block.withoutMetadata());
        }
        previous = block;
      }
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(out, "write", e);
    }
    return written;
  }

  private Block read(long entry, int level) {
    ByteBuffer bounds = ByteBuffer.allocate(entry + 1 < count ? 16 : 8);
    read(index, bounds, 8 * entry);
    long start = bounds.getLong(0);
    long end = bounds.capacity() == 16 ? bounds.getLong(8) : size;
    ByteBuffer bytes = ByteBuffer.allocate((int) (end - start));
    read(blocks, bytes, start);
    return BlockCodec.decode(bytes.array(), "floating block at level " + level);
  }

  private void write(FileChannel channel, ByteBuffer buffer, long position) {
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer, position + buffer.position());
      }
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(spool, "write", e);
    }
  }

  private void read(FileChannel channel, ByteBuffer buffer, long position) {
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          throw new IOException("the spool ends early");
        }
      }
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(spool, "read", e);
    }
  }

  private static RuntimeException inconsistent(String reason) {
    return new SnapshotError.InconsistentFloatingStore(reason).toException();
  }

  @Override
  public void close() {
    closeQuietly(blocks);
    closeQuietly(index);
  }
}
