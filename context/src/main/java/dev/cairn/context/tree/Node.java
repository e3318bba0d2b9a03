package dev.cairn.context.tree;

import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import java.util.Arrays;

/** What a directory entry holds in a working tree. */
sealed interface Node permits Node.StoredBlob, Node.StoredDirectory, Node.NewBlob, Directory {

  /** A stored value, not loaded. */
  record StoredBlob(ObjectHash hash) implements Node {}

  /** A stored directory, not loaded. */
  record StoredDirectory(ObjectHash hash) implements Node {}

  /** A value written in this tree and not yet committed. */
  final class NewBlob implements Node {
    private final byte[] encoding;
    private ObjectHash hash;

    NewBlob(byte[] value) {
      this.encoding = ObjectCodec.encodeBlob(value);
    }

    byte[] value() {
      return Arrays.copyOfRange(encoding, 1, encoding.length);
    }

    byte[] encoding() {
      return encoding;
    }

    ObjectHash hash() {
      if (hash == null) {
        hash = ObjectHash.ofEncoding(encoding);
      }
      return hash;
    }
  }
}
