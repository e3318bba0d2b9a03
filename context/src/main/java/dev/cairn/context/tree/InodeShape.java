package dev.cairn.context.tree;

import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.StepIndex;
import dev.cairn.store.encoding.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * More than 32 entries, in 32 buckets. A slot holds null (empty bucket), the stored bucket's hash
 * (not loaded) or its loaded shape. Falls back to a leaf when removals bring it to 32 entries.
 */
final class InodeShape extends Shape {

  final Object[] slots = new Object[StepIndex.BUCKETS];
  private long count;

  InodeShape(int depth, byte[] prefix, long count) {
    super(depth, prefix);
    this.count = count;
  }

  private Shape slot(int bucket, StoredObjects store) {
    Object slot = slots[bucket];
    if (slot instanceof ObjectHash stored) {
      Shape loaded = store.shape(stored, depth + 1, childPrefix(bucket));
      slots[bucket] = loaded;
      return loaded;
    }
    return (Shape) slot;
  }

  @Override
  Node get(StepKey key, StoredObjects store) {
    Shape child = slot(key.bucket(depth), store);
    return child == null ? null : child.get(key, store);
  }

  @Override
  Shape put(StepKey key, Node node, StoredObjects store, Change change) {
    int bucket = key.bucket(depth);
    Shape child = slot(bucket, store);
    if (child == null) {
      child = new LeafShape(depth + 1, childPrefix(bucket));
    }
    slots[bucket] = child.put(key, node, store, change);
    if (change.previous == null) {
      count++;
    }
    hash = null;
    return this;
  }

  @Override
  Shape remove(StepKey key, StoredObjects store, Change change) {
    int bucket = key.bucket(depth);
    Shape child = slot(bucket, store);
    if (child == null) {
      return this;
    }
    Shape replaced = child.remove(key, store, change);
    if (change.previous == null) {
      return this;
    }
    count--;
    hash = null;
    slots[bucket] = replaced.count() == 0 ? null : replaced;
    if (count > ObjectCodec.MAX_LEAF_ENTRIES) {
      return this;
    }
    LeafShape leaf = new LeafShape(depth, prefix);
    forEach(store, leaf.entries::put);
    return leaf;
  }

  @Override
  void cache(StepKey key, Node loaded, StoredObjects store) {
    Shape child = slot(key.bucket(depth), store);
    if (child != null) {
      child.cache(key, loaded, store);
    }
  }

  @Override
  long count() {
    return count;
  }

  @Override
  void forEach(StoredObjects store, BiConsumer<String, Node> visitor) {
    for (int bucket = 0; bucket < StepIndex.BUCKETS; bucket++) {
      Shape child = slot(bucket, store);
      if (child != null) {
        child.forEach(store, visitor);
      }
    }
  }

  @Override
  ObjectHash hash(Map<ObjectHash, byte[]> out) {
    if (hash != null) {
      return hash;
    }
    int bitmap = 0;
    List<ObjectHash> buckets = new ArrayList<>();
    for (int bucket = 0; bucket < StepIndex.BUCKETS; bucket++) {
      Object slot = slots[bucket];
      if (slot == null) {
        continue;
      }
      bitmap |= 1 << bucket;
      buckets.add(slot instanceof ObjectHash stored ? stored : ((Shape) slot).hash(out));
    }
    byte[] encoding = ObjectCodec.encodeInode(
        new ContextObject.Inode(depth, Bytes.copyOf(prefix), count, bitmap, buckets));
    hash = ObjectHash.ofEncoding(encoding);
    out.put(hash, encoding);
    return hash;
  }
}
