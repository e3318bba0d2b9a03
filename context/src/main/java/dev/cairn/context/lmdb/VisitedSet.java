package dev.cairn.context.lmdb;

/** The objects a walk has reached: {@link #firstVisit} answers and records in one step. */
public interface VisitedSet {

  /** True the first time {@code hash} is offered, false afterwards. */
  boolean firstVisit(byte[] hash);

  /** An in-heap set, for small walks and for the reference model. */
  static VisitedSet inHeap() {
    java.util.Set<dev.cairn.store.encoding.Bytes> seen = new java.util.HashSet<>();
    return hash -> seen.add(dev.cairn.store.encoding.Bytes.copyOf(hash));
  }
}
