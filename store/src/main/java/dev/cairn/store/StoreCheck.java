package dev.cairn.store;

import dev.cairn.error.CauseText;
import dev.cairn.store.CementedCycles.Range;
import dev.cairn.store.FloatingLog.Entry;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A full integrity check of a block store, reporting every fault it finds in order.
 *
 * <ul>
 *   <li>the canonical chain from the caboose to the head: each block present, its hash and
 *       operations hash recomputed, its level and predecessor link right, the markers on it;
 *   <li>metadata kept exactly from the savepoint up (everywhere in archive mode);
 *   <li>cemented files contiguous, none above the last cemented level, none below the caboose,
 *       offset tables sound, and the index naming each cemented block at its level, nothing more;
 *   <li>floating blocks above the cemented part, sound, each linked to a stored predecessor;
 *   <li>no part file or stale floating log left behind.
 * </ul>
 */
final class StoreCheck {

  private final BlockView store;
  private final List<String> faults = new ArrayList<>();

  StoreCheck(BlockView store) {
    this.store = store;
  }

  List<String> run() {
    try {
      checkChain();
      checkCemented();
      checkFloating();
      checkLeftovers();
    } catch (RuntimeException e) {
      faults.add("unreadable store: " + CauseText.of(e));
    }
    return faults;
  }

  private void checkChain() {
    Markers markers = store.markers();
    HistoryMode.Kind kind = store.config().historyMode().kind();
    if (kind != HistoryMode.Kind.ROLLING && markers.caboose().level() != 0) {
      faults.add("caboose at level " + markers.caboose().level() + " in " + kind + " mode");
    }
    if (!store.genesis().hash().equals(store.config().genesisBlock())) {
      faults.add("genesis block " + store.genesis().hash() + " is not the config's");
    }
    BlockHash previous = null;
    for (int level = Math.max(1, markers.caboose().level()); level <= markers.head().level();
        level++) {
      Optional<Block> found = store.canonicalBlock(level);
      if (found.isEmpty()) {
        faults.add("canonical block at level " + level + " is missing");
        previous = null;
        continue;
      }
      Block block = found.get();
      block.verify().ifPresent(faults::add);
      if (block.level() != level) {
        faults.add("block " + block.hash() + " at level " + level + " says level " + block.level());
      }
      BlockHash expectedPredecessor = level == 1 ? store.genesis().hash() : previous;
      if (expectedPredecessor != null && level > markers.caboose().level()
          && !block.predecessor().equals(expectedPredecessor)) {
        faults.add("block at level " + level + " does not link to the block below it");
      }
      boolean shouldHaveMetadata = kind == HistoryMode.Kind.ARCHIVE
          || level >= markers.savepoint().level();
      if (block.metadata().isPresent() != shouldHaveMetadata) {
        faults.add("block at level " + level + (shouldHaveMetadata ? " lacks" : " still has")
            + " metadata (savepoint at level " + markers.savepoint().level() + ")");
      }
      previous = block.hash();
    }
    for (var marker : List.of(markers.head(), markers.checkpoint(), markers.savepoint(),
        markers.caboose())) {
      if (!store.canonicalHash(marker.level()).map(marker.hash()::equals).orElse(false)) {
        faults.add("marker " + marker + " is not the canonical block at its level");
      }
    }
  }

  private void checkCemented() {
    CementedCycles cemented = store.cementedCycles();
    int highest = store.cementedHighestLevel();
    int caboose = store.markers().caboose().level();
    int savepoint = store.markers().savepoint().level();
    int expectedStart = -1;
    long blocks = 0;
    for (Range range : cemented.ranges().values()) {
      if (expectedStart >= 0 && range.start() != expectedStart) {
        faults.add("cemented files are not contiguous: " + range + " follows a gap or overlap");
      }
      expectedStart = range.end() + 1;
      if (range.end() > highest) {
        faults.add("cemented file " + range + " is above the last cemented level " + highest);
      }
      if (range.end() < caboose) {
        faults.add("cemented file " + range + " is below the caboose at level " + caboose);
      }
      if (range.end() < savepoint && cemented.hasMetadata(range)
          && store.config().historyMode().kind() != HistoryMode.Kind.ARCHIVE) {
        faults.add("cemented metadata " + range + " is below the savepoint");
      }
      List<BlockHash> hashes = cemented.readHashes(range);
      for (int i = 0; i < hashes.size(); i++) {
        int level = range.start() + i;
        if (!store.cementedIndex().level(hashes.get(i)).map(l -> l == level).orElse(false)) {
          faults.add("the index does not place cemented block " + hashes.get(i) + " at level "
              + level);
        }
      }
      blocks += hashes.size();
    }
    if (highest > 0 && expectedStart != highest + 1) {
      faults.add("the last cemented file does not end at the last cemented level " + highest);
    }
    long indexed = store.cementedIndex().size();
    if (indexed != blocks) {
      faults.add("the index holds " + indexed + " blocks but the cemented files " + blocks);
    }
  }

  private void checkFloating() {
    int highest = store.cementedHighestLevel();
    for (Entry entry : store.floatingEntries()) {
      if (entry.key().level() <= highest) {
        faults.add("floating block " + entry.key().hash() + " is at or below the last cemented "
            + "level " + highest);
        continue;
      }
      Block block = store.readFloating(entry);
      block.verify().ifPresent(faults::add);
      if (entry.key().level() > store.markers().caboose().level()
          && !store.contains(block.predecessor())) {
        faults.add("floating block " + block.hash() + " has no stored predecessor");
      }
    }
  }

  private void checkLeftovers() {
    DataDir dataDir = store.dataDir();
    for (Path dir : List.of(dataDir.storeDir(), dataDir.floatingDir(), dataDir.cementedDir(),
        dataDir.cementedMetadataDir())) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.getFileName().toString().endsWith(AtomicFile.PART_SUFFIX))
            .forEach(f -> faults.add("leftover part file " + f));
      } catch (IOException e) {
        faults.add("cannot list " + dir + ": " + CauseText.of(e));
      }
    }
    try (Stream<Path> logs = Files.list(dataDir.floatingDir())) {
      long count = logs.count();
      if (count != 1) {
        faults.add(count + " floating logs where one is expected");
      }
    } catch (IOException e) {
      faults.add("cannot list " + dataDir.floatingDir() + ": " + CauseText.of(e));
    }
  }
}
