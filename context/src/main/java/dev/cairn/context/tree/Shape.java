package dev.cairn.context.tree;

import dev.cairn.context.object.ObjectHash;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One object of a directory's canonical shape, loaded: a leaf or an inode, at a depth, under the
 * buckets of its prefix. {@code hash} is the stored hash, or null once the shape has changed.
 */
abstract sealed class Shape permits LeafShape, InodeShape {

  final int depth;
  final byte[] prefix;
  ObjectHash hash;

  Shape(int depth, byte[] prefix) {
    this.depth = depth;
    this.prefix = prefix;
  }

  /** What an insertion or removal replaced (null if the step was absent). */
  static final class Change {
    Node previous;
  }

  abstract Node get(StepKey key, StoredObjects store);

  /** Puts the entry; returns the shape that replaces this one (itself, or a split). */
  abstract Shape put(StepKey key, Node node, StoredObjects store, Change change);

  /** Removes the entry; returns the shape that replaces this one (itself, or a collapse). */
  abstract Shape remove(StepKey key, StoredObjects store, Change change);

  /** Swaps a loaded node in for the stored one at {@code key}, without marking anything dirty. */
  abstract void cache(StepKey key, Node loaded, StoredObjects store);

  /** The number of entries in this shape and below it. */
  abstract long count();

  /** Visits every entry (order unspecified), loading what it must. */
  abstract void forEach(StoredObjects store, BiConsumer<String, Node> visitor);

  /** The shape's hash, encoding it and what changed below it into {@code out} when dirty. */
  abstract ObjectHash hash(Map<ObjectHash, byte[]> out);

  byte[] childPrefix(int bucket) {
    byte[] child = Arrays.copyOf(prefix, prefix.length + 1);
    child[prefix.length] = (byte) bucket;
    return child;
  }
}
