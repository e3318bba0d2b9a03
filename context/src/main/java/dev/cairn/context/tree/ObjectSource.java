package dev.cairn.context.tree;

import dev.cairn.context.object.ObjectHash;

/** Where a working tree reads stored objects from. */
public interface ObjectSource {

  /** The encoding stored under {@code hash}; {@code Inconsistent_context} if there is none. */
  byte[] load(ObjectHash hash);
}
