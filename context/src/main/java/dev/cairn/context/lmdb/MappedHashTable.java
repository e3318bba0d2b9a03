package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.store.datadir.NativeFiles;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import sun.misc.Unsafe;

/**
 * A table of 32-byte hashes, each with a fixed-size value, in a memory-mapped file: open addressing
 * whose slots are the hash followed by its value. Walks over millions of objects use it (without
 * values) to remember what they visited, and a restore (with values) to remember what it restored,
 * without holding either on the heap; the file lives in scratch space and is deleted on close.
 *
 * <p>Keys are Blake2b outputs, already uniform, so a key's first eight bytes choose its slot, and
 * linear probing finds it or an empty slot. The table doubles (into a new file) when half full, so
 * it stays dense: its pages are touched in proportion to what it holds. An all-zero key marks an
 * empty slot, so the all-zero hash, which no object has, cannot be stored. Not thread-safe.
 */
final class MappedHashTable implements AutoCloseable {

  private static final int SEGMENT_SLOTS = 1 << 24;
  private static final int INITIAL_SLOTS = 1 << 16;
  /**
   * {@link #presize} makes room for at most this many entries at once (2^22 slots: 134 MB of
   * scratch for a set, 336 MB with a restore's values), whatever it is told; beyond it, the table
   * grows as entries really come. (A restore's count is a dump's claim, which its reader has
   * already bounded by the dump's length: a lie costs what the file's size could cost anyway.)
   */
  private static final long PRESIZE_ENTRIES = 1 << 21;

  private final Path dir;
  private final int valueBytes;
  private final int slotBytes;
  private Path file;
  private MappedByteBuffer[] segments;
  private long capacity;
  private long size;
  private int generation;

  private MappedHashTable(Path dir, int valueBytes) {
    if (valueBytes > 95) {
      throw new IllegalArgumentException("values of at most 95 bytes");
    }
    this.dir = dir;
    this.valueBytes = valueBytes;
    this.slotBytes = ObjectHash.LENGTH + valueBytes;
  }

  /** An empty set of hashes (no values), in a directory of its own under {@code parent}. */
  static MappedHashTable createSet(Path parent) {
    return create(parent, 0);
  }

  /**
   * An empty table whose values are {@code valueBytes} long, in a directory of its own under
   * {@code parent}, deleted on close.
   */
  static MappedHashTable create(Path parent, int valueBytes) {
    Path dir = ScratchDirectory.create(parent);
    MappedHashTable set = new MappedHashTable(dir, valueBytes);
    try {
      set.allocate(INITIAL_SLOTS);
    } catch (IOException e) {
      ScratchDirectory.delete(dir);
      throw ContextError.ContextIoFailure.of(dir, "create a scratch table in", e);
    }
    return set;
  }

  long size() {
    return size;
  }

  /**
   * Makes room for {@code entries} (at most {@link #PRESIZE_ENTRIES}) without growing on the way:
   * each doubling rewrites every entry into a new file, so a table filled from its initial size
   * to n entries writes about 2n; told n first, it writes n.
   */
  void presize(long entries) {
    long wanted = Math.min(Math.max(entries, 0), PRESIZE_ENTRIES) * 2;
    long slots = capacity;
    while (slots < wanted) {
      slots *= 2;
    }
    if (slots > capacity) {
      resize(slots);
    }
  }

  /** Adds {@code hash}; true if it was not there. */
  boolean add(byte[] hash) {
    return insert(hash, null);
  }

  /** Adds {@code hash} with {@code value}; false (and nothing changes) if it was there. */
  boolean insert(byte[] hash, byte[] value) {
    requireNonZero(hash);
    long slot = find(hash);
    if (slot >= 0) {
      return false;
    }
    write(-slot - 1, hash, value);
    if (++size * 2 > capacity) {
      grow();
    }
    return true;
  }

  boolean contains(byte[] hash) {
    return !isZero(hash) && find(hash) >= 0;
  }

  /** Copies the value of {@code hash} into {@code value}; false if the hash is not there. */
  boolean get(byte[] hash, byte[] value) {
    long slot = slotOf(hash);
    if (slot < 0) {
      return false;
    }
    segments[(int) (slot / SEGMENT_SLOTS)].get(offset(slot) + ObjectHash.LENGTH, value, 0,
        valueBytes);
    return true;
  }

  /** Where {@code hash} is, for {@link #setByte}; -1 if it is not there. Valid until an insert. */
  long slotOf(byte[] hash) {
    if (isZero(hash)) {
      return -1;
    }
    long slot = find(hash);
    return slot < 0 ? -1 : slot;
  }

  /** Copies the value in {@code slot} (from {@link #slotOf}) into {@code value}. */
  void read(long slot, byte[] value) {
    segments[(int) (slot / SEGMENT_SLOTS)].get(offset(slot) + ObjectHash.LENGTH, value, 0,
        valueBytes);
  }

  /** Sets byte {@code index} of the value in {@code slot}; returns whether it changed. */
  boolean setByte(long slot, int index, byte value) {
    MappedByteBuffer segment = segments[(int) (slot / SEGMENT_SLOTS)];
    int at = offset(slot) + ObjectHash.LENGTH + index;
    if (segment.get(at) == value) {
      return false;
    }
    segment.put(at, value);
    return true;
  }

  private static void requireNonZero(byte[] hash) {
    if (isZero(hash)) {
      throw new ContextError.InconsistentContext("an object points at the all-zero hash, which no "
          + "object has").toException();
    }
  }

  private int offset(long slot) {
    return (int) (slot % SEGMENT_SLOTS) * slotBytes; // < 2^24 slots of at most 127 bytes
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
      int at = offset(slot);
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

  private void write(long slot, byte[] hash, byte[] value) {
    MappedByteBuffer segment = segments[(int) (slot / SEGMENT_SLOTS)];
    segment.put(offset(slot), hash);
    if (value != null) {
      segment.put(offset(slot) + ObjectHash.LENGTH, value, 0, valueBytes);
    }
  }

  private void grow() {
    resize(capacity * 2);
  }

  private void resize(long slots) {
    MappedByteBuffer[] old = segments;
    long oldCapacity = capacity;
    Path oldFile = file;
    try {
      allocate(slots);
      byte[] hash = new byte[ObjectHash.LENGTH];
      byte[] value = new byte[valueBytes];
      for (long slot = 0; slot < oldCapacity; slot++) {
        MappedByteBuffer segment = old[(int) (slot / SEGMENT_SLOTS)];
        segment.get(offset(slot), hash);
        if (!isZero(hash)) {
          segment.get(offset(slot) + ObjectHash.LENGTH, value);
          write(-find(hash) - 1, hash, value);
        }
      }
      release(old);
      Files.deleteIfExists(oldFile);
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(dir, "grow a scratch table in", e);
    }
  }

  private void allocate(long slots) throws IOException {
    Path next = dir.resolve("table-" + generation++);
    try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // Really allocated before it is mapped: on a full disk this is No_space_left, where a
      // write into an unreserved mapped page would be a SIGBUS.
      NativeFiles.reserve(next, channel, slots * slotBytes);
      int count = (int) ((slots + SEGMENT_SLOTS - 1) / SEGMENT_SLOTS);
      MappedByteBuffer[] mapped = new MappedByteBuffer[count];
      for (int i = 0; i < count; i++) {
        long length = Math.min(SEGMENT_SLOTS, slots - (long) i * SEGMENT_SLOTS) * slotBytes;
        mapped[i] = channel.map(FileChannel.MapMode.READ_WRITE,
            (long) i * SEGMENT_SLOTS * slotBytes, length);
      }
      segments = mapped;
    }
    file = next;
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
      Unsafe unsafe = (Unsafe) field.get(null);
      for (MappedByteBuffer buffer : buffers) {
        unsafe.invokeCleaner(buffer);
      }
    } catch (ReflectiveOperationException e) {
      // The mappings go when the buffers are collected.
    }
  }
}
