package dev.cairn.context.object;

import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.ContextHash;

/** The Blake2b-256 hash of an object's encoding: the object's key in the context. */
public record ObjectHash(Bytes bytes) {

  public static final int LENGTH = 32;

  public ObjectHash {
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("an object hash is 32 bytes, not " + bytes.length());
    }
  }

  public static ObjectHash of(byte[] bytes) {
    return new ObjectHash(Bytes.copyOf(bytes));
  }

  public static ObjectHash of(byte[] bytes, int offset) {
    return new ObjectHash(Bytes.copyOf(bytes, offset, LENGTH));
  }

  /** The hash of an object's encoding. */
  public static ObjectHash ofEncoding(byte[] encoding) {
    return of(Blake2b.digest256(encoding, 0, encoding.length));
  }

  public static ObjectHash of(ContextHash commit) {
    return new ObjectHash(commit.bytes());
  }

  /** This hash read as a context hash ({@code Co…}): meaningful when it names a commit. */
  public ContextHash asContextHash() {
    return new ContextHash(bytes);
  }

  public byte[] toArray() {
    return bytes.toArray();
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
