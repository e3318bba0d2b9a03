package dev.cairn.snapshot.rollup;

import dev.cairn.store.hash.ContextHash;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.Arrays;

/**
 * The distinct states an import expects in a snapshot's {@code context}, in the order they first
 * appear (the exporter's), 32 bytes each in one array and indexed by an open-addressing table of
 * ints: a million states are about 40 MB, not the hundreds a set of objects would take. The
 * hashes come from a snapshot before anything checks them, so the table's slots are mixed with a
 * secret of this instance: chosen hashes cannot be made to collide.
 */
final class PackedCommits extends AbstractList<ContextHash> {

  private static final java.security.SecureRandom SEEDS = new java.security.SecureRandom();
  private final long seed = SEEDS.nextLong();

  private byte[] bytes = new byte[32 * 64];
  private int[] table = new int[256]; // index + 1 of a state, 0 for empty
  private int size;

  /** Adds {@code hash} unless it is already here; whether it was added. */
  boolean addIfAbsent(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("a state hash is 32 bytes");
    }
    int slot = find(hash);
    if (table[slot] != 0) {
      return false;
    }
    if ((size + 1) * 32 > bytes.length) {
      bytes = Arrays.copyOf(bytes, bytes.length * 2);
    }
    System.arraycopy(hash, 0, bytes, size * 32, 32);
    size++;
    table[slot] = size;
    if (size * 2 > table.length) {
      rehash();
    }
    return true;
  }

  private int find(byte[] hash) {
    int mask = table.length - 1;
    ByteBuffer in = ByteBuffer.wrap(hash);
    long h = seed;
    for (int i = 0; i < 4; i++) {
      h = mix(h ^ in.getLong());
    }
    int slot = (int) h & mask;
    while (table[slot] != 0) {
      int at = (table[slot] - 1) * 32;
      if (Arrays.equals(bytes, at, at + 32, hash, 0, 32)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** MurmurHash3's 64-bit finaliser: every bit of the input moves every bit of the slot. */
  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }

  private void rehash() {
    int[] old = table;
    table = new int[old.length * 2];
    byte[] hash = new byte[32];
    for (int entry : old) {
      if (entry != 0) {
        System.arraycopy(bytes, (entry - 1) * 32, hash, 0, 32);
        table[find(hash)] = entry;
      }
    }
  }

  @Override
  public ContextHash get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return ContextHash.of(Arrays.copyOfRange(bytes, index * 32, index * 32 + 32));
  }

  @Override
  public int size() {
    return size;
  }
}
