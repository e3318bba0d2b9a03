package dev.cairn.context.lmdb;

/** The objects a walk has reached: {@link #firstVisit} answers and records in one step. */
public interface VisitedSet {

  /** True the first time {@code hash} is offered, false afterwards. */
  boolean firstVisit(byte[] hash);
}
