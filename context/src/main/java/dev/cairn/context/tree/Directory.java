package dev.cairn.context.tree;

import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A loaded directory: the root of its shape, or its stored hash until first used. */
final class Directory implements Node {

  private static final byte[] ROOT_PREFIX = new byte[0];

  private final StoredObjects store;
  private ObjectHash stored;
  private Shape root;

  private Directory(StoredObjects store, ObjectHash stored, Shape root) {
    this.store = store;
    this.stored = stored;
    this.root = root;
  }

  static Directory empty(StoredObjects store) {
    return new Directory(store, null, new LeafShape(0, ROOT_PREFIX));
  }

  static Directory stored(StoredObjects store, ObjectHash hash) {
    return new Directory(store, hash, null);
  }

  private Shape root() {
    if (root == null) {
      root = store.shape(stored, 0, ROOT_PREFIX);
    }
    return root;
  }

  Node get(StepKey key) {
    return root().get(key, store);
  }

  /** Puts an entry; returns what it replaced, or null. */
  Node put(StepKey key, Node node) {
    Shape.Change change = new Shape.Change();
    root = root().put(key, node, store, change);
    return change.previous;
  }

  /** Removes an entry; returns what it held, or null if the step was absent. */
  Node remove(StepKey key) {
    Shape.Change change = new Shape.Change();
    root = root().remove(key, store, change);
    return change.previous;
  }

  /** Swaps the loaded form of an entry in for its stored form; the directory is unchanged. */
  void cache(StepKey key, Node loaded) {
    root().cache(key, loaded, store);
  }

  boolean isEmpty() {
    return root().count() == 0;
  }

  List<String> steps() {
    List<String> steps = new ArrayList<>();
    root().forEach(store, (step, node) -> steps.add(step));
    steps.sort(Steps.ORDER);
    return steps;
  }

  ObjectHash hash(Map<ObjectHash, byte[]> out) {
    if (root == null) {
      return stored;
    }
    return root.hash(out);
  }
}
