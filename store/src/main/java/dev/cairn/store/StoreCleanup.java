package dev.cairn.store;

import dev.cairn.store.CementedCycles.Range;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.stream.Stream;

/**
 * The store's idempotent clean-up steps: what recovery does on every open for writing, and what
 * garbage collection does after every cementing. Each step only deletes files that the committed
 * markers ({@link StoreState}) no longer refer to, so running it twice, or after a crash in the
 * middle of it, is safe.
 */
final class StoreCleanup {

  private StoreCleanup() {}

  /** Deletes part files, floating logs of other generations, and metadata without blocks. */
  static void removeLeftovers(DataDir dataDir, StoreState state) {
    try {
      for (Path dir : List.of(dataDir.storeDir(), dataDir.floatingDir(), dataDir.cementedDir(),
          dataDir.cementedMetadataDir())) {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.toList()) {
            String name = file.getFileName().toString();
            boolean staleLog = dir.equals(dataDir.floatingDir())
                && !name.equals(Long.toString(state.floatingGeneration()));
            boolean orphanMetadata = dir.equals(dataDir.cementedMetadataDir())
                && DataDir.parseCementedName(name)
                    .map(r -> !Files.exists(dataDir.cementedFile(r[0], r[1])))
                    .orElse(false);
            if (name.endsWith(AtomicFile.PART_SUFFIX) || staleLog || orphanMetadata) {
              AtomicFile.deleteDurably(file);
            }
          }
        }
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(dataDir.storeDir(), "recover", e);
    }
  }

  /** Deletes cemented files above the committed level, their index entries first. */
  static void removeUncommittedCycles(CementedCycles cemented, CementedIndex index,
      StoreState state) {
    for (Range range : List.copyOf(cemented.ranges().values())) {
      if (range.end() > state.cementedHighest()) {
        index.removeAll(cemented.readHashes(range));
        cemented.delete(range);
      }
    }
  }

  /**
   * Deletes what the history mode no longer keeps below the committed savepoint and caboose (see
   * {@link Retention}): metadata files wholly below the savepoint (full and rolling), and cemented
   * files wholly below the caboose with their index entries, index first (rolling).
   *
   * <p>Only ranges that the {@code previous} retention still kept are looked at: markers never
   * move down, so a GC after cementing touches one or two ranges, not every cycle the store holds.
   * Recovery passes {@link Retention#EVERYTHING} and looks at them all.
   */
  static void collectGarbage(StoreConfig config, StoreState state, CementedCycles cemented,
      CementedIndex index, Retention previous) {
    HistoryMode.Kind kind = config.historyMode().kind();
    if (kind == HistoryMode.Kind.ARCHIVE) {
      return;
    }
    // Below the previous caboose (rolling) or savepoint (full), an earlier GC already collected.
    int collectedBelow = kind == HistoryMode.Kind.ROLLING ? previous.caboose() : previous.savepoint();
    int savepoint = state.markers().savepoint().level();
    int caboose = state.markers().caboose().level();
    NavigableMap<Integer, Range> ranges = cemented.ranges();
    Integer from = ranges.floorKey(collectedBelow);
    NavigableMap<Integer, Range> candidates =
        (from == null ? ranges : ranges.tailMap(from, true)).headMap(savepoint, false);
    for (Range range : List.copyOf(candidates.values())) {
      if (kind == HistoryMode.Kind.ROLLING && range.end() < caboose) {
        index.removeAll(cemented.readHashes(range));
        cemented.delete(range);
      } else if (range.end() < savepoint && cemented.hasMetadata(range)) {
        cemented.deleteMetadata(range);
      }
    }
  }
}
