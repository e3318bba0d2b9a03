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
import java.util.TreeMap;

/**
 * The floating blocks of a chain's snapshots, in one spool file on disk, with an index of where
 * each level's latest block lies (a later snapshot's block of a level replaces an earlier one's:
 * the tip's B−1 carries metadata where its parent's copy had none, and the other way round).
 * Written out, the union is the floating blocks of a direct export: one block per level over a
 * range, each the predecessor of the next, only the last with its metadata.
 */
final class FloatingUnion implements AutoCloseable {

  private record Where(long offset, int length) {}

  private final Path spool;
  private final FileChannel channel;
  private final TreeMap<Integer, Where> levels = new TreeMap<>();
  private long size;

  FloatingUnion(Path spool) {
    this.spool = spool;
    try {
      this.channel = FileChannel.open(spool, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(spool, "create", e);
    }
  }

  /** Keeps {@code block}, replacing what an earlier snapshot gave for its level. */
  void add(Block block) {
    byte[] encoded = BlockCodec.encode(block, block.metadata().isPresent());
    try {
      ByteBuffer buffer = ByteBuffer.wrap(encoded);
      while (buffer.hasRemaining()) {
        channel.write(buffer, size + buffer.position());
      }
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(spool, "write", e);
    }
    levels.put(block.level(), new Where(size, encoded.length));
    size += encoded.length;
  }

  /**
   * Writes the {@code floating_blocks} member of the levels {@code from} to {@code to} into
   * {@code out}: each level's block, linked to the one below, the last {@code top} with its
   * metadata, the others without. Returns how many blocks it wrote.
   */
  int writeTo(Path out, int from, int to, BlockHash top) {
    int count = Math.max(0, to - from + 1);
    try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(out, StandardOpenOption.CREATE_NEW), 1 << 16))) {
      FloatingBlocks.writeCount(data, count);
      Block previous = null;
      for (int level = from; level <= to; level++) {
        Block block = read(level);
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
    return count;
  }

  private Block read(int level) {
    Where where = levels.get(level);
    if (where == null) {
      throw inconsistent("no snapshot of the chain holds the block at level " + level);
    }
    ByteBuffer bytes = ByteBuffer.allocate(where.length());
    try {
      while (bytes.hasRemaining()) {
        if (channel.read(bytes, where.offset() + bytes.position()) < 0) {
          throw new IOException("the spool ends early");
        }
      }
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(spool, "read", e);
    }
    Block block = BlockCodec.decode(bytes.array(), "floating block at level " + level);
    if (block.level() != level) {
      throw inconsistent("the block kept for level " + level + " is of level " + block.level());
    }
    return block;
  }

  private static RuntimeException inconsistent(String reason) {
    return new SnapshotError.InconsistentFloatingStore(reason).toException();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Scratch: its directory is removed with it.
    }
  }
}
