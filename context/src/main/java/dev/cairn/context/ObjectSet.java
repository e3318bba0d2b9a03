package dev.cairn.context;

/**
 * A set of object hashes kept off the heap: the objects one commit reaches, against which a delta
 * is planned ({@link Context#openDelta}). Closing releases what backs it (the LMDB context's
 * scratch file).
 */
public interface ObjectSet extends AutoCloseable {

  /** Whether {@code hash} (an object's 32 bytes) is in the set. */
  boolean contains(byte[] hash);

  /** How many objects the set holds. */
  long size();

  @Override
  void close();
}
