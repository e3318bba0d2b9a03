package dev.cairn.context.object;

import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ContextHash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes context objects (formats in the package documentation).
 *
 * <p>Decoding checks everything an object can say about itself: tag, bounds, counts, order and
 * uniqueness of steps, valid UTF-8, depth, prefix and bitmap. What needs other objects (a child is
 * present and of the right kind, an entry is in the right bucket) is checked by the restore.
 */
public final class ObjectCodec {

  public static final int TAG_BLOB = 1;
  public static final int TAG_LEAF = 2;
  public static final int TAG_INODE = 3;
  public static final int TAG_COMMIT = 4;

  public static final int MAX_LEAF_ENTRIES = 32;
  public static final int MAX_BLOB_BYTES = 16 << 20;
  public static final int MAX_PARENTS = 255;
  public static final int MAX_MESSAGE_BYTES = 0xffff;
  /** The largest encoding of any object: a blob of the largest size. */
  public static final int MAX_OBJECT_BYTES = 1 + MAX_BLOB_BYTES;

  private ObjectCodec() {}

  public static byte[] encode(ContextObject object) {
    if (object instanceof ContextObject.Blob blob) {
      return encodeBlob(blob.data().toArray());
    } else if (object instanceof ContextObject.Leaf leaf) {
      return encodeLeaf(leaf.entries());
    } else if (object instanceof ContextObject.Inode inode) {
      return encodeInode(inode);
    } else {
      return encodeCommit((ContextObject.Commit) object);
    }
  }

  public static byte[] encodeBlob(byte[] data) {
    if (data.length > MAX_BLOB_BYTES) {
      throw new IllegalArgumentException("a value is at most " + MAX_BLOB_BYTES + " bytes, not "
          + data.length);
    }
    byte[] out = new byte[1 + data.length];
    out[0] = TAG_BLOB;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }

  /** Encodes a leaf; {@code entries} must already be in step order. */
  public static byte[] encodeLeaf(List<Entry> entries) {
    if (entries.size() > MAX_LEAF_ENTRIES) {
      throw new IllegalArgumentException("a leaf holds at most 32 entries");
    }
    byte[][] steps = new byte[entries.size()][];
    int size = 2;
    for (int i = 0; i < steps.length; i++) {
      steps[i] = Steps.encode(entries.get(i).step());
      size += 2 + steps[i].length + ObjectHash.LENGTH;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) TAG_LEAF).put((byte) entries.size());
    for (int i = 0; i < steps.length; i++) {
      Entry entry = entries.get(i);
      out.put((byte) entry.kind().tag()).put((byte) steps[i].length).put(steps[i]);
      entry.hash().bytes().writeTo(out);
    }
    return out.array();
  }

  public static byte[] encodeInode(ContextObject.Inode inode) {
    int depth = inode.depth();
    ByteBuffer out = ByteBuffer.allocate(2 + depth + 8 + 4 + ObjectHash.LENGTH
        * inode.buckets().size());
    out.put((byte) TAG_INODE).put((byte) depth);
    inode.prefix().writeTo(out);
    out.putLong(inode.count()).putInt(inode.bitmap());
    for (ObjectHash child : inode.buckets()) {
      child.bytes().writeTo(out);
    }
    return out.array();
  }

  public static byte[] encodeCommit(ContextObject.Commit commit) {
    byte[] message = commit.message().getBytes(StandardCharsets.UTF_8);
    if (message.length > MAX_MESSAGE_BYTES || commit.parents().size() > MAX_PARENTS) {
      throw new IllegalArgumentException("a commit has at most 255 parents and a 64 KiB message");
    }
    ByteBuffer out = ByteBuffer.allocate(1 + 32 + 1 + 32 * commit.parents().size() + 8 + 2
        + message.length);
    out.put((byte) TAG_COMMIT);
    commit.root().bytes().writeTo(out);
    out.put((byte) commit.parents().size());
    for (ContextHash parent : commit.parents()) {
      parent.bytes().writeTo(out);
    }
    out.putLong(commit.timestamp()).putShort((short) message.length).put(message);
    return out.array();
  }

  /** The tag of an encoding, without decoding it; an {@link ObjectFormatException} if empty. */
  public static int tag(ByteBuffer encoding) {
    if (!encoding.hasRemaining()) {
      throw new ObjectFormatException("empty object");
    }
    return Byte.toUnsignedInt(encoding.get(encoding.position()));
  }

  /**
   * The hashes an encoding points at, in encoding order (a commit's root only, not its parents),
   * without decoding the rest: what a walk needs. Bounds are checked; the full checks of {@link
   * #decode} are not, so this is for objects already accepted into a context.
   */
  public static List<ObjectHash> children(byte[] encoding) {
    try {
      ByteBuffer in = ByteBuffer.wrap(encoding);
      switch (tag(in)) {
        case TAG_BLOB:
          return List.of();
        case TAG_LEAF: {
          int count = Byte.toUnsignedInt(in.get(1));
          List<ObjectHash> children = new ArrayList<>(count);
          int at = 2;
          for (int i = 0; i < count; i++) {
            at += 2 + Byte.toUnsignedInt(in.get(at + 1));
            children.add(ObjectHash.of(encoding, at));
            at += ObjectHash.LENGTH;
          }
          return children;
        }
        case TAG_INODE: {
          int at = 2 + Byte.toUnsignedInt(in.get(1)) + 8 + 4;
          int count = (encoding.length - at) / ObjectHash.LENGTH;
          List<ObjectHash> children = new ArrayList<>(count);
          for (int i = 0; i < count; i++, at += ObjectHash.LENGTH) {
            children.add(ObjectHash.of(encoding, at));
          }
          return children;
        }
        case TAG_COMMIT:
          return List.of(ObjectHash.of(encoding, 1));
        default:
          throw new ObjectFormatException("unknown object tag " + tag(in));
      }
    } catch (IndexOutOfBoundsException e) {
      throw new ObjectFormatException("truncated object");
    }
  }

  /** Decodes an encoding; an {@link ObjectFormatException} says what is wrong with it. */
  public static ContextObject decode(byte[] encoding) {
    ByteBuffer in = ByteBuffer.wrap(encoding);
    try {
      ContextObject object = switch (tag(in)) {
        case TAG_BLOB -> new ContextObject.Blob(Bytes.copyOf(encoding, 1, encoding.length - 1));
        case TAG_LEAF -> decodeLeaf(encoding, in.position(1));
        case TAG_INODE -> decodeInode(in.position(1));
        case TAG_COMMIT -> decodeCommit(in.position(1));
        default -> throw new ObjectFormatException("unknown object tag " + tag(in));
      };
      if (in.hasRemaining() && !(object instanceof ContextObject.Blob)) {
        throw new ObjectFormatException(in.remaining() + " trailing bytes");
      }
      if (encoding.length > MAX_OBJECT_BYTES) {
        throw new ObjectFormatException("object of " + encoding.length + " bytes");
      }
      return object;
    } catch (BufferUnderflowException e) {
      throw new ObjectFormatException("truncated object");
    }
  }

  private static ContextObject.Leaf decodeLeaf(byte[] encoding, ByteBuffer in) {
    int count = Byte.toUnsignedInt(in.get());
    if (count > MAX_LEAF_ENTRIES) {
      throw new ObjectFormatException("a leaf of " + count + " entries");
    }
    List<Entry> entries = new ArrayList<>(count);
    int previousStart = -1;
    int previousLength = 0;
    for (int i = 0; i < count; i++) {
      EntryKind kind = EntryKind.ofTag(Byte.toUnsignedInt(in.get()));
      int length = Byte.toUnsignedInt(in.get());
      int start = in.position();
      if (length > in.remaining()) {
        throw new ObjectFormatException("truncated step");
      }
      if (previousStart >= 0 && Arrays.compareUnsigned(encoding, previousStart,
          previousStart + previousLength, encoding, start, start + length) >= 0) {
        throw new ObjectFormatException("steps out of order or repeated");
      }
      String step = Steps.decode(encoding, start, length);
      in.position(start + length);
      byte[] hash = new byte[ObjectHash.LENGTH];
      in.get(hash);
      entries.add(new Entry(step, kind, ObjectHash.of(hash)));
      previousStart = start;
      previousLength = length;
    }
    return new ContextObject.Leaf(entries);
  }

  private static ContextObject.Inode decodeInode(ByteBuffer in) {
    int depth = Byte.toUnsignedInt(in.get());
    if (depth > StepIndex.MAX_INODE_DEPTH) {
      throw new ObjectFormatException("an inode at depth " + depth);
    }
    byte[] prefix = new byte[depth];
    in.get(prefix);
    for (byte bucket : prefix) {
      if (bucket < 0 || bucket >= StepIndex.BUCKETS) {
        throw new ObjectFormatException("an inode prefix names bucket " + bucket);
      }
    }
    long count = in.getLong();
    if (count <= MAX_LEAF_ENTRIES) {
      throw new ObjectFormatException("an inode of " + count + " entries, which is a leaf's size");
    }
    int bitmap = in.getInt();
    int children = Integer.bitCount(bitmap);
    if (children == 0 || in.remaining() != children * ObjectHash.LENGTH) {
      throw new ObjectFormatException("an inode bitmap that does not match its children");
    }
    List<ObjectHash> buckets = new ArrayList<>(children);
    byte[] hash = new byte[ObjectHash.LENGTH];
    for (int i = 0; i < children; i++) {
      in.get(hash);
      buckets.add(ObjectHash.of(hash));
    }
    return new ContextObject.Inode(depth, Bytes.copyOf(prefix), count, bitmap, buckets);
  }

  private static ContextObject.Commit decodeCommit(ByteBuffer in) {
    byte[] hash = new byte[ObjectHash.LENGTH];
    in.get(hash);
    ObjectHash root = ObjectHash.of(hash);
    int parentCount = Byte.toUnsignedInt(in.get());
    List<ContextHash> parents = new ArrayList<>(parentCount);
    for (int i = 0; i < parentCount; i++) {
      in.get(hash);
      parents.add(ContextHash.of(hash));
    }
    long timestamp = in.getLong();
    int length = Short.toUnsignedInt(in.getShort());
    if (length != in.remaining()) {
      throw new ObjectFormatException("a commit message of " + length + " bytes where "
          + in.remaining() + " remain");
    }
    try {
      String message = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in).toString();
      return new ContextObject.Commit(root, parents, timestamp, message);
    } catch (CharacterCodingException e) {
      throw new ObjectFormatException("a commit message that is not valid UTF-8");
    }
  }
}
