package dev.cairn.context.tree;

import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.StepIndex;
import dev.cairn.context.object.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** At most 32 entries, in step order; past 32 it splits into an inode. */
final class LeafShape extends Shape {

  final TreeMap<String, Node> entries = new TreeMap<>(Steps.ORDER);

  LeafShape(int depth, byte[] prefix) {
    super(depth, prefix);
  }

  @Override
  Node get(StepKey key, StoredObjects store) {
    return entries.get(key.step);
  }

  @Override
  Shape put(StepKey key, Node node, StoredObjects store, Change change) {
    change.previous = entries.put(key.step, node);
    hash = null;
    if (entries.size() > ObjectCodec.MAX_LEAF_ENTRIES) {
      return split();
    }
    return this;
  }

  private Shape split() {
    if (depth > StepIndex.MAX_INODE_DEPTH) {
      throw new IllegalStateException("33 steps share 255 bits of their hash");
    }
    InodeShape inode = new InodeShape(depth, prefix, entries.size());
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      int bucket = StepIndex.of(entry.getKey()).bucket(depth);
      LeafShape child = (LeafShape) inode.slots[bucket];
      if (child == null) {
        child = new LeafShape(depth + 1, inode.childPrefix(bucket));
        inode.slots[bucket] = child;
      }
      child.entries.put(entry.getKey(), entry.getValue());
    }
    for (int bucket = 0; bucket < StepIndex.BUCKETS; bucket++) {
      if (inode.slots[bucket] instanceof LeafShape child
          && child.entries.size() > ObjectCodec.MAX_LEAF_ENTRIES) {
        inode.slots[bucket] = child.split();
      }
    }
    return inode;
  }

  @Override
  Shape remove(StepKey key, StoredObjects store, Change change) {
    change.previous = entries.remove(key.step);
    if (change.previous != null) {
      hash = null;
    }
    return this;
  }

  @Override
  void cache(StepKey key, Node loaded, StoredObjects store) {
    entries.put(key.step, loaded);
  }

  @Override
  long count() {
    return entries.size();
  }

  @Override
  void forEach(StoredObjects store, BiConsumer<String, Node> visitor) {
    entries.forEach(visitor);
  }

  @Override
  ObjectHash hash(Map<ObjectHash, byte[]> out) {
    if (hash != null) {
      return hash;
    }
    List<Entry> encoded = new ArrayList<>(entries.size());
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      Node node = entry.getValue();
      if (node instanceof Node.StoredBlob blob) {
        encoded.add(new Entry(entry.getKey(), EntryKind.BLOB, blob.hash()));
      } else if (node instanceof Node.StoredDirectory dir) {
        encoded.add(new Entry(entry.getKey(), EntryKind.DIRECTORY, dir.hash()));
      } else if (node instanceof Node.NewBlob blob) {
        out.put(blob.hash(), blob.encoding());
        encoded.add(new Entry(entry.getKey(), EntryKind.BLOB, blob.hash()));
      } else {
        encoded.add(new Entry(entry.getKey(), EntryKind.DIRECTORY, ((Directory) node).hash(out)));
      }
    }
    byte[] encoding = ObjectCodec.encodeLeaf(encoded);
    hash = ObjectHash.ofEncoding(encoding);
    out.put(hash, encoding);
    return hash;
  }
}
