package dev.cairn.store;

import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.StoreConfig;
import java.util.function.IntUnaryOperator;

/**
 * Where the savepoint and the caboose stand once cycles up to {@code cementedHighest} are
 * cemented (DESIGN section 4).
 *
 * <p>With {@code k = blocks_preservation_cycles + offset}, the retained cycles are the last
 * {@code k} cemented ones. The savepoint is the first level of the oldest retained cycle, or genesis
 * while fewer than {@code k} cycles are cemented; everything from it up keeps its metadata. Full
 * keeps every block (caboose = genesis). Rolling keeps the {@code max_operations_ttl} blocks below
 * the savepoint too, rounded down to whole cycles because cemented files are never cut: its caboose
 * is the first level of the cycle that holds {@code savepoint − max_operations_ttl(savepoint)}.
 * Archive keeps everything. Neither marker ever moves down.
 *
 * @param savepoint the lowest level that keeps metadata
 * @param caboose the lowest level still stored
 */
record Retention(int savepoint, int caboose) {

  static final Retention EVERYTHING = new Retention(0, 0);

  /**
   * The retention once cycles up to {@code cementedHighest} are cemented, never below {@code
   * previous}. The rolling caboose follows from the savepoint that results, so that the blocks an
   * operation above it may name stay stored even when the savepoint stays where {@code previous}
   * had it (an imported store's savepoint sits above its retained cycles' first level).
   *
   * @param maxOperationsTtlAt the {@code max_operations_ttl} of the canonical block at a level
   */
  static Retention after(StoreConfig config, int cementedHighest,
      IntUnaryOperator maxOperationsTtlAt, Retention previous) {
    HistoryMode mode = config.historyMode();
    if (mode.kind() == HistoryMode.Kind.ARCHIVE || cementedHighest < 1) {
      return previous;
    }
    int oldestRetained = config.cycleOf(cementedHighest) - mode.retainedCycles(
        config.preservationCycles()) + 1;
    int candidate = oldestRetained <= 0 ? 0 : config.firstLevelOf(oldestRetained);
    int savepoint = Math.max(candidate, previous.savepoint);
    if (mode.kind() == HistoryMode.Kind.FULL || savepoint == 0) {
      return new Retention(savepoint, previous.caboose);
    }
    int lowestNeeded = savepoint - maxOperationsTtlAt.applyAsInt(savepoint);
    int caboose = lowestNeeded < 1 ? 0 : config.firstLevelOf(config.cycleOf(lowestNeeded));
    return new Retention(savepoint, Math.max(caboose, previous.caboose));
  }
}
