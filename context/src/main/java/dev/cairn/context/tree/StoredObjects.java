package dev.cairn.context.tree;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectFormatException;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CauseText;
import java.util.Arrays;

/** Reads stored objects for a working tree and turns them into shapes and nodes. */
final class StoredObjects {

  private final ObjectSource source;

  StoredObjects(ObjectSource source) {
    this.source = source;
  }

  ContextObject read(ObjectHash hash) {
    try {
      return ObjectCodec.decode(source.load(hash));
    } catch (ObjectFormatException e) {
      throw new ContextError.InconsistentContext("stored object " + hash + " is malformed: "
          + CauseText.of(e)).toException();
    }
  }

  byte[] blob(ObjectHash hash) {
    if (read(hash) instanceof ContextObject.Blob blob) {
      return blob.data().toArray();
    }
    throw new ContextError.InconsistentContext("object " + hash + " is not a value").toException();
  }

  /** The shape stored under {@code hash}, at the place {@code depth} and {@code prefix}. */
  Shape shape(ObjectHash hash, int depth, byte[] prefix) {
    ContextObject object = read(hash);
    if (object instanceof ContextObject.Leaf leaf) {
      LeafShape shape = new LeafShape(depth, prefix);
      for (Entry entry : leaf.entries()) {
        shape.entries.put(entry.step(), entry.kind() == EntryKind.BLOB
            ? new Node.StoredBlob(entry.hash())
            : new Node.StoredDirectory(entry.hash()));
      }
      shape.hash = hash;
      return shape;
    }
    if (object instanceof ContextObject.Inode inode && inode.depth() == depth
        && Arrays.equals(inode.prefix().toArray(), prefix)) {
      InodeShape shape = new InodeShape(depth, prefix, inode.count());
      for (int bucket = 0; bucket < 32; bucket++) {
        shape.slots[bucket] = inode.bucket(bucket);
      }
      shape.hash = hash;
      return shape;
    }
    throw new ContextError.InconsistentContext("object " + hash + " is not a directory at depth "
        + depth).toException();
  }
}
