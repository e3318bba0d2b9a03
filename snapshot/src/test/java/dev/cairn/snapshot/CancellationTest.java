package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Work stopped through its {@link Progress} stops with {@code Interrupted} in whichever phase it
 * is asked to, and leaves nothing behind: no destination, no {@code .tmp}, no spool, no staging
 * directory, and the data directory as it was.
 */
class CancellationTest {

  @TempDir
  static Path shared;

  static DataDir source;

  @TempDir
  Path dir;

  @BeforeAll
  static void chain() {
    source = TestChains.generate(shared.resolve("source"), 40, "full:1");
  }

  /** A progress that asks to stop once the phase named {@code phase} begins. */
  static Progress stoppingAt(String phase) {
    return new Progress() {
      private boolean stop;

      @Override
      public void phase(String name, long total) {
        stop |= name.equals(phase);
      }

      @Override
      public void advance(long done) {}

      @Override
      public boolean cancelled() {
        return stop;
      }
    };
  }

  private List<String> siblings() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest(name = "stopped at {0}")
  @ValueSource(strings = {"context (walking B-1's tree)", "floating blocks", "context",
      "cemented cycles"})
  void aStoppedExportLeavesNoFile(String phase) throws IOException {
    Path file = dir.resolve("s.tar");
    assertThatThrownBy(() -> SnapshotExporter.export(new SnapshotExporter.Request(source,
        BlockId.parse("head"), false, ExportFormat.TAR, false, Optional.of(file)),
        stoppingAt(phase))).isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Interrupted"));
    assertThat(siblings()).isEmpty();
  }

  @ParameterizedTest(name = "stopped at {0}")
  @ValueSource(strings = {"context", "floating blocks", "cemented cycles"})
  void aStoppedImportLeavesTheDataDirectoryAsItWas(String phase) throws IOException {
    Path file = SnapshotExporter.export(new SnapshotExporter.Request(source,
        BlockId.parse("head"), false, ExportFormat.TAR, false,
        Optional.of(dir.resolve("s.tar"))), Progress.NONE).path();
    DataDir target = DataDir.at(dir.resolve("node"));
    target.writeConfig(source.readConfig());
    byte[] config = Files.readAllBytes(target.configFile());
    assertThatThrownBy(() -> SnapshotImporter.run(new SnapshotImporter.Request(target,
        file.toString(), Optional.empty(), true, false), stoppingAt(phase)))
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Interrupted"));
    assertThat(siblings()).containsExactly("node", "s.tar", "s.tar.manifest.json");
    assertThat(Files.readAllBytes(target.configFile())).isEqualTo(config);
    assertThat(DataDirContents.of(target).isBare()).isTrue();
  }
}
