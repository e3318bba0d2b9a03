package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.chain.ChainImport;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.export.SnapshotSquasher;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.validator.chain.ChainCheck;
import dev.cairn.validator.chain.ChainWriter;
import dev.cairn.validator.chain.GcPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The property that proves incrementals lose nothing (DESIGN §16): on one node that keeps baking,
 * a base and five incrementals are exported at successive checkpoints, each in Full and Rolling,
 * Tar and Raw, and beside each a direct export of the same block. For chains of 1, 2 and 5
 * incrementals: the chain's import gives the data directory the direct snapshot's import gives
 * (markers, cemented files byte for byte, every block, the context's objects with nothing of
 * the parents' left over), which passes {@code store check --replay}; and the chain's squash is
 * the direct snapshot, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalChainTest {

  /** Blocks baked between one snapshot and the next: within a cycle, across one, across two. */
  private static final int[] BAKED = {5, 9, 3, 12, 8};

  @TempDir
  static Path dir;

  @BeforeAll
  void exportChains() {
    DataDir node = TestChains.generate(dir.resolve("node"), 30, "full:1", 3, 48);
    exportAll(node, 0);
    for (int step = 1; step <= BAKED.length; step++) {
      bake(node, BAKED[step - 1]);
      exportAll(node, step);
    }
  }

  private void exportAll(DataDir node, int step) {
    for (String mode : List.of("full", "rolling")) {
      for (String format : List.of("tar", "raw")) {
        Path chains = directory("chains", mode + "-" + format);
        Optional<Path> parent = step == 0 ? Optional.empty()
            : Optional.of(ManifestFiles.manifestOf(chains.resolve("snap-" + (step - 1))));
        export(node, mode, format, chains.resolve("snap-" + step), parent);
        export(node, mode, format, directory("direct", mode + "-" + format)
            .resolve("snap-" + step), Optional.empty());
      }
    }
  }

  private Path directory(String... names) {
    Path path = dir;
    for (String name : names) {
      path = path.resolve(name);
    }
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void export(DataDir node, String mode, String format, Path destination,
      Optional<Path> parent) {
    SnapshotExporter.export(new SnapshotExporter.Request(node, BlockId.DEFAULT,
        mode.equals("rolling"), format.equals("raw") ? ExportFormat.RAW : ExportFormat.TAR,
        false, Optional.of(destination), OptionalLong.empty(), "test", Optional.empty(), parent),
        Progress.NONE);
  }

  static void bake(DataDir node, int blocks) {
    try (ChainWriter writer = ChainWriter.open(node, ChainWriter.Durability.EACH_BLOCK,
        GcPolicy.EVERY_CEMENTING)) {
      TestnetBaker baker = new TestnetBaker(writer, 4, 0);
      for (int i = 0; i < blocks; i++) {
        baker.bakeNext();
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}, {2} incrementals")
  @CsvSource({"full,tar,1", "full,tar,2", "full,tar,5", "full,raw,1", "full,raw,2",
      "full,raw,5", "rolling,tar,1", "rolling,tar,2", "rolling,tar,5", "rolling,raw,1",
      "rolling,raw,2", "rolling,raw,5"})
  void aChainImportsAsItsDirectSnapshotAndSquashesToItsBytes(String mode, String format,
      int length) throws IOException {
    Path tip = dir.resolve("chains").resolve(mode + "-" + format).resolve("snap-" + length);
    Path direct = dir.resolve("direct").resolve(mode + "-" + format).resolve("snap-" + length);
    String name = mode + "-" + format + "-" + length;

    DataDir viaChain = DataDir.at(dir.resolve("imported-chain-" + name));
    SnapshotImporter.Result chained = ChainImport.run(request(viaChain,
        ManifestFiles.manifestOf(tip)), List.of(), Progress.NONE);
    DataDir viaDirect = DataDir.at(dir.resolve("imported-direct-" + name));
    SnapshotImporter.run(request(viaDirect, direct), Progress.NONE);
    assertThat(chained.manifest().orElseThrow().manifest().parent()).isPresent();
    DataDirPicture fromChain = DataDirPicture.of(viaChain);
    assertThat(fromChain).isEqualTo(DataDirPicture.of(viaDirect));
    assertThat(fromChain.unreachableObjects()).as("nothing of the parents' contexts left")
        .isZero();
    assertThat(ChainCheck.run(viaChain, true, Progress.NONE).replayed()).isPositive();

    Path squashed = dir.resolve("squashed-" + name);
    SnapshotSquasher.squash(new SnapshotSquasher.Request(ManifestFiles.manifestOf(tip),
        List.of(), TrustPolicy.NONE, format.equals("raw") ? ExportFormat.RAW : ExportFormat.TAR,
        false, squashed, OptionalLong.empty(), "test", Optional.empty()), Progress.NONE);
    assertThat(contents(squashed)).as("the squash is the direct export, byte for byte")
        .isEqualTo(contents(direct));
    assertThat(size(tip)).as("the incremental is smaller than the direct snapshot")
        .isLessThan(size(direct));
  }

  @org.junit.jupiter.api.Test
  void eachIncrementalCarriesOnlyWhatItsParentLacks() {
    Path chains = dir.resolve("chains").resolve("full-tar");
    int cementedCarried = 0;
    for (int step = 1; step <= BAKED.length; step++) {
      SnapshotMetadata parent = SnapshotInfo.read(chains.resolve("snap-" + (step - 1))
          .toString()).metadata();
      SnapshotMetadata incremental = SnapshotInfo.read(chains.resolve("snap-" + step)
          .toString()).metadata();
      SnapshotMetadata direct = SnapshotInfo.read(dir.resolve("direct").resolve("full-tar")
          .resolve("snap-" + step).toString()).metadata();
      assertThat(incremental.incremental()).as("step %d", step).isPresent();
      assertThat(incremental.incremental().get().parent().block()).isEqualTo(parent.block());
      assertThat(incremental.level() - parent.level()).isEqualTo(BAKED[step - 1]);
      assertThat(incremental.contextElements()).isPositive()
          .isLessThan(direct.contextElements());
      assertThat(incremental.floatingBlocks()).as("step %d: the blocks from B0 to B1-1 that "
          + "no cemented file carries", step).isLessThanOrEqualTo(BAKED[step - 1]);
      cementedCarried += incremental.cementedCycles();
      assertThat(incremental.cementedCycles()).isLessThanOrEqualTo(direct.cementedCycles());
    }
    assertThat(cementedCarried).as("cycles cemented between snapshots travel as files")
        .isPositive();
  }

  private static SnapshotImporter.Request request(DataDir target, Path source) {
    return new SnapshotImporter.Request(target, source.toString(), Optional.empty(), true,
        false);
  }

  /** Every file under {@code path} (or the file itself), by relative name, with its bytes. */
  static TreeMap<String, String> contents(Path path) throws IOException {
    TreeMap<String, String> files = new TreeMap<>();
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(path)) {
      walk.filter(Files::isRegularFile).forEach(all::add);
    }
    for (Path file : all) {
      files.put(path.relativize(file).toString(),
          dev.cairn.store.encoding.Bytes.copyOf(Files.readAllBytes(file)).toHex());
    }
    return files;
  }

  static long size(Path path) throws IOException {
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }
}
