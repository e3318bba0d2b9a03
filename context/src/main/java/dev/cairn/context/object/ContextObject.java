package dev.cairn.context.object;

import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ContextHash;
import java.util.List;

/** A decoded context object; see the package documentation for the encodings. */
public sealed interface ContextObject {

  /** The objects this one points at, in encoding order: what a walk of a commit follows. */
  List<ObjectHash> children();

  /** A value stored at a path. */
  record Blob(Bytes data) implements ContextObject {
    @Override
    public List<ObjectHash> children() {
      return List.of();
    }
  }

  /** A directory of at most 32 entries, or one bucket of a larger directory. */
  record Leaf(List<Entry> entries) implements ContextObject {
    public Leaf {
      entries = List.copyOf(entries);
    }

    @Override
    public List<ObjectHash> children() {
      return entries.stream().map(Entry::hash).toList();
    }
  }

  /**
   * One level of a large directory's hash trie: {@code count} entries below it, spread over the
   * buckets whose bits are set in {@code bitmap}, one child object per set bit in bucket order.
   */
  record Inode(int depth, Bytes prefix, long count, int bitmap, List<ObjectHash> buckets)
      implements ContextObject {
    public Inode {
      buckets = List.copyOf(buckets);
    }

    @Override
    public List<ObjectHash> children() {
      return buckets;
    }

    /** The child in {@code bucket}, or null when the bucket is empty. */
    public ObjectHash bucket(int bucket) {
      if ((bitmap & (1 << bucket)) == 0) {
        return null;
      }
      return buckets.get(Integer.bitCount(bitmap & ((1 << bucket) - 1)));
    }
  }

  /** A commit: the root directory of a state, with its history. */
  record Commit(ObjectHash root, List<ContextHash> parents, long timestamp, String message)
      implements ContextObject {
    public Commit {
      parents = List.copyOf(parents);
    }

    @Override
    public List<ObjectHash> children() {
      return List.of(root);
    }
  }
}
