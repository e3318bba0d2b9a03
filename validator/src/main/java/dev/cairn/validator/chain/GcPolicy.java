package dev.cairn.validator.chain;

/**
 * When a node collects its context after a cementing moved the savepoint. Collecting marks every
 * object the kept commits reach, so it costs about the size of the live state: doing it on every
 * cementing costs that much per cycle, however little garbage there is.
 */
public enum GcPolicy {
  /** Collect on every cementing: the context holds exactly the kept commits (tests, demos). */
  EVERY_CEMENTING,
  /**
   * Collect on a cementing once the objects written since the last collection reach the number
   * reachable then (and at least {@link #MIN_GARBAGE}): the context stays within about twice its
   * live size, and marking costs O(1) per object written.
   */
  AMORTIZED;

  /** Below this many new objects, an amortized collection is not worth its walk. */
  public static final long MIN_GARBAGE = 100_000;

  boolean due(long writtenSinceLast, long reachableAtLast) {
    return this == EVERY_CEMENTING
        || writtenSinceLast >= Math.max(MIN_GARBAGE, reachableAtLast);
  }
}
