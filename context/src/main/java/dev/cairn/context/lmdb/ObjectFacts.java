package dev.cairn.context.lmdb;

import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.Steps;
import dev.cairn.store.hash.Blake2b;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What a restore needs to know about an object already restored, to check the objects that point
 * at it, in {@link #BYTES} bytes (a value of a {@link MappedHashTable}):
 *
 * <pre>
 * [0]       tag
 * [1]       leaf: number of entries · inode: depth
 * [2]       leaf: how many leading bits the Blake2b digests of all its steps share (at most 255)
 * [3]       1 once a later object has pointed at it (set by the restore)
 * [8, 16)   leaf: number of entries · inode: number of entries below it
 * [16, 48)  leaf: the digest of its first step · inode: its prefix, 5 bits per bucket, zero-padded
 * </pre>
 *
 * <p>Both bit strings say where an object may sit in a large directory's trie: a leaf may be bucket
 * {@code i} of an inode at depth {@code d} with prefix {@code p} if its steps share at least
 * {@code 5(d + 1)} bits and those bits are {@code p·i}; an inode may be there if its own prefix is
 * {@code p·i}. The facts are computed on the reader thread, which hashes the steps, so the checks
 * cost a table look-up instead of reading and decoding the child again.
 */
final class ObjectFacts {

  static final int BYTES = 48;
  static final int REFERENCED = 3;

  private ObjectFacts() {}

  static byte[] ofBlob() {
    byte[] facts = new byte[BYTES];
    facts[0] = ObjectCodec.TAG_BLOB;
    return facts;
  }

  static byte[] of(ContextObject object) {
    ByteBuffer facts = ByteBuffer.allocate(BYTES);
    if (object instanceof ContextObject.Blob) {
      facts.put(0, (byte) ObjectCodec.TAG_BLOB);
    } else if (object instanceof ContextObject.Leaf leaf) {
      facts.put(0, (byte) ObjectCodec.TAG_LEAF).put(1, (byte) leaf.entries().size())
          .putLong(8, leaf.entries().size());
      if (!leaf.entries().isEmpty()) {
        byte[] first = digest(leaf.entries().get(0));
        int shared = 255;
        for (int i = 1; i < leaf.entries().size(); i++) {
          shared = Math.min(shared, sharedBits(first, digest(leaf.entries().get(i))));
        }
        facts.put(2, (byte) shared).put(16, first);
      }
    } else if (object instanceof ContextObject.Inode inode) {
      facts.put(0, (byte) ObjectCodec.TAG_INODE).put(1, (byte) inode.depth())
          .putLong(8, inode.count()).put(16, pack(inode.prefix().toArray(), -1));
    } else {
      facts.put(0, (byte) ObjectCodec.TAG_COMMIT);
    }
    return facts.array();
  }

  static int tag(byte[] facts) {
    return facts[0];
  }

  static int depthOrSize(byte[] facts) {
    return Byte.toUnsignedInt(facts[1]);
  }

  static long count(byte[] facts) {
    return ByteBuffer.wrap(facts).getLong(8);
  }

  /** Whether a leaf with these facts may be bucket {@code bucket} under {@code prefix}. */
  static boolean leafFits(byte[] facts, byte[] prefix, int bucket) {
    int bits = 5 * (prefix.length + 1);
    return Byte.toUnsignedInt(facts[2]) >= bits
        && sameBits(facts, pack(prefix, bucket), bits);
  }

  /** Whether an inode with these facts may be bucket {@code bucket} under {@code prefix}. */
  static boolean inodeFits(byte[] facts, byte[] prefix, int bucket) {
    return depthOrSize(facts) == prefix.length + 1
        && sameBits(facts, pack(prefix, bucket), 256);
  }

  /** {@code prefix} (then {@code bucket}, unless negative) as 5-bit groups, zero-padded. */
  static byte[] pack(byte[] prefix, int bucket) {
    byte[] packed = new byte[32];
    int bit = 0;
    for (int i = 0; i <= prefix.length; i++) {
      int value = i < prefix.length ? prefix[i] : bucket;
      if (value < 0) {
        break;
      }
      for (int b = 4; b >= 0; b--, bit++) {
        if ((value >> b & 1) != 0) {
          packed[bit >> 3] |= (byte) (0x80 >>> (bit & 7));
        }
      }
    }
    return packed;
  }

  private static boolean sameBits(byte[] facts, byte[] packed, int bits) {
    return sharedBits(Arrays.copyOfRange(facts, 16, 48), packed) >= bits;
  }

  private static byte[] digest(Entry entry) {
    byte[] step = Steps.encode(entry.step());
    return Blake2b.digest256(step, 0, step.length);
  }

  /** The number of leading bits {@code a} and {@code b} (32 bytes each) share. */
  static int sharedBits(byte[] a, byte[] b) {
    for (int i = 0; i < 32; i++) {
      int diff = (a[i] ^ b[i]) & 0xff;
      if (diff != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(diff) - 24;
      }
    }
    return 256;
  }
}
