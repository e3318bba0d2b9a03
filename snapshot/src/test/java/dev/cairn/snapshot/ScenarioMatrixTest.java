package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.error.CairnException;
import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.BlockReader;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.validator.chain.ChainCheck;
import dev.cairn.validator.chain.ChainWriter;
import dev.cairn.validator.chain.GcPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scenario matrix, as Octez tests its snapshots: chains of 24 and 77 blocks (8 blocks a
 * cycle, max_operations_ttl 8) in each history mode; for every export target, full and rolling,
 * tar and raw, either the refusal DESIGN §8 predicts from the source's markers, or an import
 * whose markers are those of §9, which then bakes two cycles, passes the store check, and
 * exports again to a snapshot that imports.
 */
class ScenarioMatrixTest {

  private static final int TTL = 8;
  private static final int BLOCKS_PER_CYCLE = 8;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} blocks, {1}")
  @CsvSource({"24, archive", "24, full:0", "24, full:1", "24, rolling:0", "24, rolling:1",
      "77, archive", "77, full:0", "77, full:1", "77, rolling:0", "77, rolling:1"})
  void everyTargetExportsOrIsRefusedAsTheRulesSay(int blocks, String mode) {
    DataDir source = TestChains.generate(dir.resolve("source"), blocks, mode);
    Markers markers;
    try (BlockReader store = BlockReader.open(source)) {
      markers = store.markers();
    }
    HistoryMode history = HistoryMode.parse(mode);
    List<String> failures = new ArrayList<>();
    int imported = 0;
    int n = 0;
    for (Map.Entry<String, Integer> target : targets(markers).entrySet()) {
      for (boolean rolling : new boolean[] {false, true}) {
        for (ExportFormat format : ExportFormat.values()) {
          String scenario = target.getKey() + " (level " + target.getValue() + "), "
              + (rolling ? "rolling" : "full") + ", " + format;
          Optional<String> expected = expectedRefusal(history, markers, target.getValue(),
              rolling);
          Path file = dir.resolve("snap-" + (++n));
          try {
            SnapshotExporter.Result result = SnapshotExporter.export(new SnapshotExporter.Request(
                source, BlockId.parse(String.valueOf(target.getValue())), rolling, format, false,
                Optional.of(file)), Progress.NONE);
            if (expected.isPresent()) {
              failures.add(scenario + ": exported, but the rules refuse it with "
                  + expected.get());
              continue;
            }
            importAndContinue(result, target.getValue(), rolling, format, n, failures, scenario);
            imported++;
          } catch (CairnException e) {
            String found = e.error().name() + (e.error() instanceof SnapshotError.InvalidExportBlock
                refusal ? ":" + refusal.reason().label() : "");
            if (!expected.equals(Optional.of(found))) {
              failures.add(scenario + ": expected " + expected.orElse("success") + ", got "
                  + e.getMessage());
            }
          }
        }
      }
    }
    assertThat(failures).as("scenarios of a %d-block %s chain", blocks, mode).isEmpty();
    assertThat(imported).as("scenarios that imported").isPositive();
  }

  /** The targets of the matrix, by name, resolved to levels on the source's markers. */
  private static Map<String, Integer> targets(Markers markers) {
    Map<String, Integer> targets = new LinkedHashMap<>();
    targets.put("checkpoint", markers.checkpoint().level());
    targets.put("head", markers.head().level());
    targets.put("middle", markers.head().level() / 2);
    targets.put("savepoint", markers.savepoint().level());
    targets.put("savepoint+1", markers.savepoint().level() + 1);
    targets.put("caboose", markers.caboose().level());
    targets.put("caboose+1", markers.caboose().level() + 1);
    targets.put("genesis", 0);
    return targets;
  }

  /** DESIGN §8's refusals, applied to the markers, in its order; empty if the export is valid. */
  static Optional<String> expectedRefusal(HistoryMode mode, Markers markers, int level,
      boolean rolling) {
    if (!rolling && mode.kind() == HistoryMode.Kind.ROLLING) {
      return Optional.of("Incompatible_history_mode");
    }
    if (level == 0) {
      return Optional.of("Invalid_export_block:genesis");
    }
    if (level == markers.caboose().level()) {
      return Optional.of("Invalid_export_block:caboose");
    }
    if (level < markers.savepoint().level()) {
      return Optional.of("Invalid_export_block:pruned");
    }
    if (level == markers.savepoint().level()) {
      return Optional.of("Invalid_export_block:pruned_pred");
    }
    int predecessorTtl = Math.min(level - 1, TTL);
    int lowest = rolling ? level - 1 - predecessorTtl : 0;
    if (lowest < markers.caboose().level()) {
      return Optional.of("Invalid_export_block:not_enough_pred");
    }
    return Optional.empty();
  }

  private void importAndContinue(SnapshotExporter.Result result, int level, boolean rolling,
      ExportFormat format, int n, List<String> failures, String scenario) {
    DataDir target = DataDir.at(dir.resolve("node-" + n));
    SnapshotImporter.Result imported = SnapshotImporter.run(new SnapshotImporter.Request(target,
        result.path().toString(), Optional.empty(), true, false), Progress.NONE);
    Markers markers = imported.markers();
    int lowest = rolling ? Math.max(0, level - 1 - Math.min(level - 1, TTL)) : 0;
    if (markers.head().level() != level || markers.savepoint().level() != level - 1
        || markers.checkpoint().level() != level - 1 || markers.caboose().level() != lowest
        || imported.historyMode().kind() != (rolling ? HistoryMode.Kind.ROLLING
            : HistoryMode.Kind.FULL)) {
      failures.add(scenario + ": imported with markers " + markers + " in "
          + imported.historyMode());
      return;
    }
    try (ChainWriter writer = ChainWriter.open(target, ChainWriter.Durability.EACH_BLOCK,
        GcPolicy.EVERY_CEMENTING)) {
      TestnetBaker baker = new TestnetBaker(writer, 2, 0);
      for (int i = 0; i < 2 * BLOCKS_PER_CYCLE; i++) {
        baker.bakeNext();
      }
    }
    ChainCheck.run(target, true, Progress.NONE);
    Path again = dir.resolve("again-" + n);
    SnapshotExporter.Result reexported = SnapshotExporter.export(new SnapshotExporter.Request(
        target, BlockId.parse("head"), rolling, format, false, Optional.of(again)),
        Progress.NONE);
    DataDir third = DataDir.at(dir.resolve("third-" + n));
    SnapshotImporter.run(new SnapshotImporter.Request(third, reexported.path().toString(),
        Optional.empty(), true, false), Progress.NONE);
    ChainCheck.run(third, false, Progress.NONE);
  }
}
