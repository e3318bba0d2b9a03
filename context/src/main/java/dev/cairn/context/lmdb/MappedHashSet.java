package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ObjectHash;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A set of 32-byte hashes in a memory-mapped file: an open-addressing hash table whose slots are
 * the hashes themselves. Walks over millions of objects use it to remember what they visited
 * without holding it on the heap; the file lives in scratch space and is deleted on close.
 *
 * <p>Keys are Blake2b outputs, already uniform, so a key's first eight bytes choose its slot, and
 * linear probing finds it or an empty slot. The table doubles (into a new file) when half full, so
 * it stays dense: its pages are touched in proportion to what it holds. An all-zero slot is empty;
 * the all-zero hash, which no object has, is tracked apart. Not thread-safe.
 */
final class MappedHashSet implements AutoCloseable {

  private static final int SLOT = ObjectHash.LENGTH;
  private static final int SEGMENT_SLOTS = 1 << 25; // 1 GiB of slots per mapping
  private static final int INITIAL_SLOTS = 1 << 16;

  private final Path dir;
  private Path file;
  private MappedByteBuffer[] segments;
  private long capacity;
  private long size;
  private boolean hasZero;
  private int generation;

  private MappedHashSet(Path dir) {
    this.dir = dir;
  }

  /** An empty set, in a directory of its own under {@code parent}, deleted on close. */
  static MappedHashSet create(Path parent) {
    Path dir = ScratchDirectory.create(parent);
    MappedHashSet set = new MappedHashSet(dir);
    try {
      set.allocate(INITIAL_SLOTS);
    } catch (IOException e) {
      ScratchDirectory.delete(dir);
      throw ContextError.ContextIoFailure.of(dir, "create a scratch set in", e).toException(e);
    }
    return set;
  }

  long size() {
    return size;
  }

  /** Adds {@code hash}; true if it was not there. */
  boolean add(byte[] hash) {
    if (isZero(hash)) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    long slot = find(hash);
    if (slot >= 0) {
      return false;
    }
    write(-slot - 1, hash);
    if (++size * 2 > capacity) {
      grow();
    }
    return true;
  }

  boolean contains(byte[] hash) {
    return isZero(hash) ? hasZero : find(hash) >= 0;
  }

  /** The slot holding {@code hash}, or {@code -(empty slot) - 1} where it would go. */
  private long find(byte[] hash) {
    ByteBuffer key = ByteBuffer.wrap(hash);
    long k0 = key.getLong(0);
    long k1 = key.getLong(8);
    long k2 = key.getLong(16);
    long k3 = key.getLong(24);
    long mask = capacity - 1;
    for (long slot = k0 & mask; ; slot = (slot + 1) & mask) {
      MappedByteBuffer segment = segments[(int) (slot / SEGMENT_SLOTS)];
      int at = (int) (slot % SEGMENT_SLOTS) * SLOT;
      long s0 = segment.getLong(at);
      long s1 = segment.getLong(at + 8);
      long s2 = segment.getLong(at + 16);
      long s3 = segment.getLong(at + 24);
      if ((s0 | s1 | s2 | s3) == 0) {
        return -slot - 1;
      }
      if (s0 == k0 && s1 == k1 && s2 == k2 && s3 == k3) {
        return slot;
      }
    }
  }

  private void write(long slot, byte[] hash) {
    segments[(int) (slot / SEGMENT_SLOTS)].put((int) (slot % SEGMENT_SLOTS) * SLOT, hash);
  }

  private void grow() {
    MappedByteBuffer[] old = segments;
    long oldCapacity = capacity;
    Path oldFile = file;
    try {
      allocate(capacity * 2);
      byte[] hash = new byte[SLOT];
      for (long slot = 0; slot < oldCapacity; slot++) {
        old[(int) (slot / SEGMENT_SLOTS)].get((int) (slot % SEGMENT_SLOTS) * SLOT, hash);
        if (!isZero(hash)) {
          write(-find(hash) - 1, hash);
        }
      }
      release(old);
      Files.deleteIfExists(oldFile);
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(dir, "grow a scratch set in", e).toException(e);
    }
  }

  private void allocate(long slots) throws IOException {
    file = dir.resolve("visited-" + generation++ + ".set");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      int count = (int) ((slots + SEGMENT_SLOTS - 1) / SEGMENT_SLOTS);
      segments = new MappedByteBuffer[count];
      for (int i = 0; i < count; i++) {
        long length = Math.min(SEGMENT_SLOTS, slots - (long) i * SEGMENT_SLOTS) * SLOT;
        segments[i] = channel.map(FileChannel.MapMode.READ_WRITE, (long) i * SEGMENT_SLOTS * SLOT,
            length);
      }
    }
    capacity = slots;
  }

  private static boolean isZero(byte[] hash) {
    for (byte b : hash) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (segments != null) {
      release(segments);
      segments = null;
      ScratchDirectory.delete(dir);
    }
  }

  /** Unmaps now rather than at some later GC, so the file's pages go with it. */
  private static void release(MappedByteBuffer[] buffers) {
    try {
      Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
      field.setAccessible(true);
      sun.misc.Unsafe unsafe = (sun.misc.Unsafe) field.get(null);
      for (MappedByteBuffer buffer : buffers) {
        unsafe.invokeCleaner(buffer);
      }
    } catch (ReflectiveOperationException e) {
      // The mappings go when the buffers are collected.
    }
  }
}
