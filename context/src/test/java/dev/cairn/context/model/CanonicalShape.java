package dev.cairn.context.model;

import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.StepIndex;
import dev.cairn.context.object.Steps;
import dev.cairn.store.encoding.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a state's objects from scratch, straight from the definition of the canonical shape: a
 * directory of at most 32 entries is a leaf; a larger one at depth d splits its entries by their
 * step's bucket at depth d into an inode, each bucket shaped the same way one level down.
 */
public final class CanonicalShape {

  private CanonicalShape() {}

  /** The root directory's hash; every object of the state goes into {@code objects}. */
  public static ObjectHash build(SortedMap<List<String>, byte[]> values,
      Map<ObjectHash, byte[]> objects) {
    return directory(values, 0, objects);
  }

  private static ObjectHash directory(SortedMap<List<String>, byte[]> values, int from,
      Map<ObjectHash, byte[]> objects) {
    TreeMap<String, SortedMap<List<String>, byte[]>> children = new TreeMap<>(Steps.ORDER);
    for (Map.Entry<List<String>, byte[]> value : values.entrySet()) {
      children.computeIfAbsent(value.getKey().get(from), step -> new TreeMap<>(PathOrder.INSTANCE))
          .put(value.getKey(), value.getValue());
    }
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, SortedMap<List<String>, byte[]>> child : children.entrySet()) {
      SortedMap<List<String>, byte[]> below = child.getValue();
      List<String> first = below.firstKey();
      if (first.size() == from + 1) {
        byte[] blob = ObjectCodec.encodeBlob(below.get(first));
        entries.add(new Entry(child.getKey(), EntryKind.BLOB, put(blob, objects)));
      } else {
        entries.add(new Entry(child.getKey(), EntryKind.DIRECTORY,
            directory(below, from + 1, objects)));
      }
    }
    return shape(entries, 0, new byte[0], objects);
  }

  private static ObjectHash shape(List<Entry> entries, int depth, byte[] prefix,
      Map<ObjectHash, byte[]> objects) {
    if (entries.size() <= ObjectCodec.MAX_LEAF_ENTRIES) {
      return put(ObjectCodec.encodeLeaf(entries), objects);
    }
    List<List<Entry>> buckets = new ArrayList<>();
    for (int i = 0; i < StepIndex.BUCKETS; i++) {
      buckets.add(new ArrayList<>());
    }
    for (Entry entry : entries) {
      buckets.get(StepIndex.of(entry.step()).bucket(depth)).add(entry);
    }
    int bitmap = 0;
    List<ObjectHash> children = new ArrayList<>();
    for (int i = 0; i < StepIndex.BUCKETS; i++) {
      if (buckets.get(i).isEmpty()) {
        continue;
      }
      byte[] childPrefix = Arrays.copyOf(prefix, prefix.length + 1);
      childPrefix[prefix.length] = (byte) i;
      bitmap |= 1 << i;
      children.add(shape(buckets.get(i), depth + 1, childPrefix, objects));
    }
    return put(ObjectCodec.encodeInode(new ContextObject.Inode(depth, Bytes.copyOf(prefix),
        entries.size(), bitmap, children)), objects);
  }

  private static ObjectHash put(byte[] encoding, Map<ObjectHash, byte[]> objects) {
    ObjectHash hash = ObjectHash.ofEncoding(encoding);
    objects.put(hash, encoding);
    return hash;
  }
}
