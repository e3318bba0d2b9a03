package dev.cairn.context.tree;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextTree;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.store.hash.ContextHash;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link ContextTree} of stored contexts: see the package documentation. */
public final class WorkingTree implements ContextTree {

  private final StoredObjects store;
  private final ObjectSink sink;
  private Directory root;
  /**
   * Objects encoded by a commit whose write failed. Encoding stores each shape's new hash in the
   * shape, so a retry would not encode them again: they are written with the next commit instead.
   */
  private Map<ObjectHash, byte[]> unwritten = new LinkedHashMap<>();

  private WorkingTree(StoredObjects store, ObjectSink sink, Directory root) {
    this.store = store;
    this.sink = sink;
    this.root = root;
  }

  public static WorkingTree empty(ObjectSource source, ObjectSink sink) {
    StoredObjects store = new StoredObjects(source);
    return new WorkingTree(store, sink, Directory.empty(store));
  }

  /** A tree over the stored directory {@code root}. */
  public static WorkingTree at(ObjectSource source, ObjectSink sink, ObjectHash root) {
    StoredObjects store = new StoredObjects(source);
    return new WorkingTree(store, sink, Directory.stored(store, root));
  }

  @Override
  public Optional<byte[]> find(List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    Directory dir = directory(path.subList(0, path.size() - 1));
    if (dir == null) {
      return Optional.empty();
    }
    Node node = dir.get(new StepKey(path.get(path.size() - 1)));
    if (node instanceof Node.StoredBlob blob) {
      return Optional.of(store.blob(blob.hash()));
    }
    if (node instanceof Node.NewBlob blob) {
      return Optional.of(blob.value());
    }
    return Optional.empty();
  }

  @Override
  public boolean isDirectory(List<String> path) {
    return directory(path) != null;
  }

  @Override
  public List<String> list(List<String> path) {
    Directory dir = directory(path);
    return dir == null ? List.of() : dir.steps();
  }

  @Override
  public void set(List<String> path, byte[] value) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the root is a directory; it cannot hold a value");
    }
    StepKey[] keys = keys(path);
    set(root, keys, 0, new Node.NewBlob(value));
  }

  private void set(Directory dir, StepKey[] keys, int index, Node.NewBlob value) {
    StepKey key = keys[index];
    if (index == keys.length - 1) {
      dir.put(key, value);
      return;
    }
    Directory child = loadDirectory(dir, key);
    if (child == null) {
      child = Directory.empty(store);
    }
    set(child, keys, index + 1, value);
    dir.put(key, child);
  }

  @Override
  public void remove(List<String> path) {
    if (path.isEmpty()) {
      root = Directory.empty(store);
      return;
    }
    remove(root, keys(path), 0);
  }

  private boolean remove(Directory dir, StepKey[] keys, int index) {
    StepKey key = keys[index];
    if (index == keys.length - 1) {
      return dir.remove(key) != null;
    }
    Directory child = loadDirectory(dir, key);
    if (child == null || !remove(child, keys, index + 1)) {
      return false;
    }
    if (child.isEmpty()) {
      dir.remove(key);
    } else {
      dir.put(key, child);
    }
    return true;
  }

  @Override
  public ContextHash commit(CommitInfo info) {
    Map<ObjectHash, byte[]> objects = unwritten;
    ObjectHash rootHash = root.hash(objects);
    byte[] commit = ObjectCodec.encodeCommit(new ContextObject.Commit(rootHash, info.parents(),
        info.timestamp(), info.message()));
    ObjectHash commitHash = ObjectHash.ofEncoding(commit);
    objects.put(commitHash, commit);
    sink.write(objects);
    unwritten = new LinkedHashMap<>();
    root = Directory.stored(store, rootHash);
    return commitHash.asContextHash();
  }

  @Override
  public ContextHash hash(CommitInfo info) {
    // Encoding keeps the new objects in `unwritten`, so a later commit still writes them all.
    ObjectHash rootHash = root.hash(unwritten);
    byte[] commit = ObjectCodec.encodeCommit(new ContextObject.Commit(rootHash, info.parents(),
        info.timestamp(), info.message()));
    return ObjectHash.ofEncoding(commit).asContextHash();
  }

  /** The directory at {@code path}, loading it on the way; null if the path is not one. */
  private Directory directory(List<String> path) {
    Directory dir = root;
    for (String step : path) {
      dir = loadDirectory(dir, new StepKey(step));
      if (dir == null) {
        return null;
      }
    }
    return dir;
  }

  private Directory loadDirectory(Directory parent, StepKey key) {
    Node node = parent.get(key);
    if (node instanceof Directory dir) {
      return dir;
    }
    if (node instanceof Node.StoredDirectory stored) {
      Directory dir = Directory.stored(store, stored.hash());
      parent.cache(key, dir);
      return dir;
    }
    return null;
  }

  private static StepKey[] keys(List<String> path) {
    StepKey[] keys = new StepKey[path.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = new StepKey(path.get(i));
    }
    return keys;
  }
}
