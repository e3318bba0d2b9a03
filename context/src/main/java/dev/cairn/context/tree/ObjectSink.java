package dev.cairn.context.tree;

import dev.cairn.context.object.ObjectHash;
import java.util.Map;

/** Where a commit's new objects go: all of them in one transaction, or none. */
public interface ObjectSink {

  /** Stores each encoding under its hash; objects already present are left as they are. */
  void write(Map<ObjectHash, byte[]> objects);
}
