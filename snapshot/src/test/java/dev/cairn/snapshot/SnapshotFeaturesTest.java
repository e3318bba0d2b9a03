package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.BlockReader;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.testsupport.surgery.SnapshotParts;
import dev.cairn.validator.chain.ChainCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export and import as an operator uses them: formats, options, refusals, atomicity. */
class SnapshotFeaturesTest {

  @TempDir
  static Path shared;

  static DataDir source;

  @TempDir
  Path dir;

  @BeforeAll
  static void chain() {
    source = TestChains.generate(shared.resolve("source"), 40, "full:1");
  }

  private Path export(String block, boolean rolling, ExportFormat format, boolean zstd,
      Path file) {
    return SnapshotExporter.export(new SnapshotExporter.Request(source, BlockId.parse(block),
        rolling, format, zstd, Optional.of(file)), Progress.NONE).path();
  }

  private static SnapshotImporter.Result importInto(DataDir target, String snapshot) {
    return SnapshotImporter.run(new SnapshotImporter.Request(target, snapshot, Optional.empty(),
        true, false), Progress.NONE);
  }

  @Test
  void theSameStoreAndBlockGiveTheSameBytesInEveryLayout() throws IOException {
    for (boolean zstd : new boolean[] {false, true}) {
      Path a = export("head~3", false, ExportFormat.TAR, zstd, dir.resolve("a" + zstd));
      Path b = export("head~3", false, ExportFormat.TAR, zstd, dir.resolve("b" + zstd));
      assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }
    Path rawA = export("head~3", true, ExportFormat.RAW, false, dir.resolve("rawA"));
    Path rawB = export("head~3", true, ExportFormat.RAW, false, dir.resolve("rawB"));
    SnapshotParts a = SnapshotParts.readRaw(rawA);
    SnapshotParts b = SnapshotParts.readRaw(rawB);
    assertThat(a.names()).isEqualTo(b.names());
    for (String name : a.names()) {
      assertThat(a.member(name).content()).as(name).isEqualTo(b.member(name).content());
    }
  }

  @Test
  void tarMembersArePlainFilesInDesignOrderWithFixedHeaders() throws IOException {
    Path tar = export("checkpoint", false, ExportFormat.TAR, false, dir.resolve("s.tar"));
    List<String> names = SnapshotParts.readTar(tar).names();
    assertThat(names.subList(0, 3)).containsExactly("snapshot_version.json", "metadata.json",
        "protocol_levels");
    int blockData = names.indexOf("block_data");
    assertThat(names.subList(3, blockData)).allMatch(n -> n.startsWith("protocols/P"));
    assertThat(names.subList(blockData, blockData + 3)).containsExactly("block_data", "context",
        "floating_blocks");
    assertThat(names.subList(blockData + 3, names.size())).containsExactly("cemented/1_8",
        "cemented/9_16", "cemented/17_24", "cemented/25_32");
    try (var in = new TarArchiveInputStream(
        Files.newInputStream(tar))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        assertThat(entry.isFile()).isTrue();
        assertThat(entry.getMode()).isEqualTo(0100644);
        assertThat(entry.getModTime().getTime()).isZero();
        assertThat(entry.getLongUserId()).isZero();
        assertThat(entry.getUserName()).isEmpty();
      }
    }
  }

  @Test
  void cementedFilesGoOutByteForByte() throws IOException {
    Path tar = export("checkpoint", false, ExportFormat.TAR, false, dir.resolve("s.tar"));
    SnapshotParts parts = SnapshotParts.readTar(tar);
    for (String name : List.of("cemented/1_8", "cemented/17_24")) {
      String range = name.substring("cemented/".length());
      String[] levels = range.split("_");
      assertThat(parts.member(name).content()).isEqualTo(Files.readAllBytes(
          source.cementedFile(Integer.parseInt(levels[0]), Integer.parseInt(levels[1]))));
    }
  }

  @Test
  void everyLayoutAndModeImportsAndPassesTheStoreCheck() {
    int n = 0;
    for (boolean rolling : new boolean[] {false, true}) {
      for (String layout : List.of("tar", "zstd", "raw")) {
        Path file = export("head~2", rolling, layout.equals("raw") ? ExportFormat.RAW
            : ExportFormat.TAR, layout.equals("zstd"), dir.resolve("s" + (++n)));
        DataDir target = DataDir.at(dir.resolve("node" + n));
        SnapshotImporter.Result result = importInto(target, file.toString());
        assertThat(result.historyMode().kind()).isEqualTo(rolling ? HistoryMode.Kind.ROLLING
            : HistoryMode.Kind.FULL);
        ChainCheck.Report report = ChainCheck.run(target, true, Progress.NONE);
        assertThat(report.replayed()).isEqualTo(1);
      }
    }
  }

  @Test
  void aTarImportsFromStandardInput() throws IOException {
    Path file = export("head", true, ExportFormat.TAR, true, dir.resolve("s.tar.zst"));
    InputStream stdin = System.in;
    try (InputStream in = Files.newInputStream(file)) {
      System.setIn(in);
      SnapshotImporter.Result result = importInto(DataDir.at(dir.resolve("node")), "-");
      assertThat(result.metadata().level()).isEqualTo(40);
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void noCheckSkipsTheBlockHashesButNotTheContextOrTheReplay() throws IOException {
    Path tar = export("checkpoint", false, ExportFormat.TAR, false, dir.resolve("s.tar"));
    SnapshotParts parts = SnapshotParts.readTar(tar);
    // A byte in the operations of a cemented block: only recomputing its hashes finds it.
    byte[] cemented = parts.member("cemented/1_8").content();
    cemented[cemented.length - 3] ^= 0x01;
    Path damaged = dir.resolve("damaged.tar");
    parts.replace("cemented/1_8", cemented).writeTar(damaged, false);
    assertThatThrownBy(() -> importInto(DataDir.at(dir.resolve("checked")), damaged.toString()))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Invalid_cemented_file"));
    SnapshotImporter.run(new SnapshotImporter.Request(DataDir.at(dir.resolve("unchecked")),
        damaged.toString(), Optional.empty(), false, false), Progress.NONE);
    // The context is checked whatever the flag says.
    Path badContext = dir.resolve("context.tar");
    parts.flipByte("context", parts.member("context").content().length / 2)
        .writeTar(badContext, false);
    assertThatThrownBy(() -> SnapshotImporter.run(new SnapshotImporter.Request(
        DataDir.at(dir.resolve("ctx")), badContext.toString(), Optional.empty(), false, false),
        Progress.NONE)).isInstanceOf(CairnException.class);
  }

  @Test
  void aDataDirectoryWithOnlyItsConfigKeepsItsHistoryOffset() {
    Path file = export("head", true, ExportFormat.TAR, false, dir.resolve("s.tar"));
    DataDir target = DataDir.at(dir.resolve("node"));
    StoreConfig config = source.readConfig();
    target.writeConfig(new StoreConfig(config.chainName(), config.genesisBlock(),
        config.genesisTimestamp(), config.genesisProtocol(), HistoryMode.rolling(3),
        config.blocksPerCycle(), config.preservationCycles(), config.testnet()));
    SnapshotImporter.Result result = importInto(target, file.toString());
    assertThat(result.historyMode()).isEqualTo(HistoryMode.rolling(3));
    assertThat(target.readConfig().historyMode()).isEqualTo(HistoryMode.rolling(3));
  }

  @Test
  void aNodeIsReplacedOnlyWithForceAndOnlyOnceTheImportSucceeds() throws IOException {
    Path file = export("head~1", false, ExportFormat.TAR, false, dir.resolve("s.tar"));
    DataDir target = DataDir.at(dir.resolve("node"));
    importInto(target, file.toString());
    assertThatThrownBy(() -> importInto(target, file.toString()))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Directory_already_exists"));
    Path empty = dir.resolve("empty.tar");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> SnapshotImporter.run(new SnapshotImporter.Request(target,
        empty.toString(), Optional.empty(), true, true), Progress.NONE))
        .isInstanceOf(CairnException.class);
    assertThat(target.markersFile()).exists(); // the failed --force import left the node
    Path other = export("head", false, ExportFormat.TAR, false, dir.resolve("t.tar"));
    SnapshotImporter.Result replaced = SnapshotImporter.run(new SnapshotImporter.Request(target,
        other.toString(), Optional.empty(), true, true), Progress.NONE);
    assertThat(replaced.markers().head().level()).isEqualTo(40);
    assertThat(siblings()).containsExactlyInAnyOrder("node", "s.tar", "s.tar.manifest.json", "t.tar",
        "t.tar.manifest.json", "empty.tar");
  }

  @Test
  void anImportCutShortIsUndoneByTheNextOne() throws IOException {
    Path file = export("head", false, ExportFormat.TAR, false, dir.resolve("s.tar"));
    DataDir target = DataDir.at(dir.resolve("node"));
    target.writeConfig(source.readConfig());
    // As a kill between the two renames leaves it: the old directory aside, no data directory.
    Files.move(target.root(), dir.resolve(".node.import-old"));
    Files.createDirectories(dir.resolve(".node.import/store"));
    // An owner file naming a live process (this one) that holds no lock on it: a leftover.
    Files.writeString(dir.resolve(".node.import/owner"), "pid " + ProcessHandle.current().pid());
    importInto(target, file.toString());
    assertThat(siblings()).containsExactlyInAnyOrder("node", "s.tar", "s.tar.manifest.json");
    // As a kill before landing leaves it: a staging directory, whose owner is gone, beside an
    // untouched one.
    Files.createDirectories(dir.resolve(".other.import/context"));
    Files.writeString(dir.resolve(".other.import/owner"), "pid 1");
    importInto(DataDir.at(dir.resolve("other")), file.toString());
    assertThat(siblings()).containsExactlyInAnyOrder("node", "other", "s.tar",
        "s.tar.manifest.json");
  }

  @Test
  void anExistingDestinationIsRefusedAndAFailedExportLeavesNothing() throws IOException {
    Path existing = dir.resolve("existing");
    Files.writeString(existing, "keep me");
    assertThatThrownBy(() -> export("head", false, ExportFormat.TAR, false, existing))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Invalid_export_path"));
    assertThat(Files.readString(existing)).isEqualTo("keep me");
    // What a killed export left is replaced; a file of the user's named like a temporary is
    // never touched; a refused block leaves nothing.
    Path killed = Files.createDirectory(DataDir.exportStagingDir(dir.resolve("s.tar")));
    Files.writeString(DataDir.stagedSnapshot(killed), "half a snapshot");
    Files.writeString(killed.resolve(DataDir.OWNER_FILE), "pid 1"); // no process holds it
    Files.writeString(dir.resolve("s.tar.tmp"), "my notes");
    export("head", false, ExportFormat.TAR, false, dir.resolve("s.tar"));
    assertThat(killed).doesNotExist();
    assertThat(dir.resolve("s.tar.tmp")).hasContent("my notes");
    Files.delete(dir.resolve("s.tar.tmp"));
    assertThatThrownBy(() -> export("genesis", false, ExportFormat.TAR, false,
        dir.resolve("g.tar"))).isInstanceOf(CairnException.class);
    assertThat(siblings()).containsExactlyInAnyOrder("existing", "s.tar", "s.tar.manifest.json");
    // A part of an earlier export, any part, and a name too long for its manifest: refused
    // before the work.
    Files.writeString(dir.resolve("p.tar.part-00003"), "an old part");
    assertThatThrownBy(() -> export("head", false, ExportFormat.TAR, false,
        dir.resolve("p.tar"))).isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().details()).contains("p.tar.part-00003 already exists"));
    Path longName = dir.resolve("x".repeat(245));
    assertThatThrownBy(() -> export("head", false, ExportFormat.TAR, false, longName))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().details()).contains("longer than a file name may be"));
    assertThat(siblings()).containsExactlyInAnyOrder("existing", "s.tar", "s.tar.manifest.json",
        "p.tar.part-00003");
  }

  @Test
  void whatAKilledExportHadPublishedIsTakenBackByTheNextAndNothingElse() throws IOException {
    Path destination = dir.resolve("k.tar");
    // As a kill after the first part was linked into place and before the manifest leaves it.
    Path staging = Files.createDirectory(DataDir.exportStagingDir(destination));
    Files.writeString(staging.resolve(DataDir.OWNER_FILE), "pid 1"); // no process holds it
    Path published = Files.writeString(dir.resolve("k.tar.part-00000"), "published");
    Path users = Files.writeString(dir.resolve("k.tar.part-00001"), "a file of that name");
    Files.writeString(DataDir.publishingJournal(staging), identity(published) + "\t" + published
        + "\n" + "(dev=0,ino=1)\t" + users + "\n" + "(dev=0,ino=2)\t"
        + dir.resolve("k.tar.manifest.json") + "\n");
    assertThatThrownBy(() -> export("head", false, ExportFormat.TAR, false, destination))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().details()).contains("k.tar.part-00001 already exists"));
    assertThat(published).doesNotExist();
    assertThat(users).hasContent("a file of that name");
    assertThat(staging).doesNotExist();
    Files.delete(users);
    export("head", false, ExportFormat.TAR, false, destination);
    assertThat(siblings()).containsExactlyInAnyOrder("k.tar", "k.tar.manifest.json");
  }

  private static String identity(Path file) throws IOException {
    return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
        java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey().toString();
  }

  @Test
  void aSecondExportToTheSameDestinationIsRefusedAndTheFirstsFilesAreKept() throws IOException {
    Path destination = dir.resolve("same.tar");
    try (OwnedDirectory running = OwnedDirectory.create(DataDir.exportStagingDir(destination))) {
      Path staged = Files.writeString(DataDir.stagedSnapshot(running.path()), "being written");
      assertThatThrownBy(() -> export("head", false, ExportFormat.TAR, false, destination))
          .isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Invalid_export_path");
            assertThat(e.error().details()).contains("another export to it is running");
          });
      assertThat(staged).hasContent("being written");
      assertThat(destination).doesNotExist();
    }
    Path users = Files.createDirectories(DataDir.exportStagingDir(dir.resolve("mine.tar")));
    Files.writeString(users.resolve("data"), "mine"); // a name like ours, but no owner file
    assertThatThrownBy(() -> export("head", false, ExportFormat.TAR, false,
        dir.resolve("mine.tar"))).isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Invalid_export_path"));
    assertThat(users.resolve("data")).hasContent("mine");
  }

  @Test
  void anUnknownBlockAndTheDefaultNameAreAsTheDesignSays() {
    BlockHash stranger = BlockHash.of(
        Blake2b.digest256("not a block of this chain".getBytes(
            StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> export(stranger.toString(), false, ExportFormat.TAR, false,
        dir.resolve("u"))).isInstanceOfSatisfying(
        CairnException.class, e -> assertThat(e.getMessage())
            .startsWith("Invalid_export_block: unknown: "));
    assertThatThrownBy(() -> export("head~400", false, ExportFormat.TAR, false,
        dir.resolve("u"))).isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.getMessage()).startsWith("Invalid_export_block: unknown: "));
    assertThat(SnapshotExporter.defaultName("CAIRN_TESTNET", stranger, 7, true, true))
        .isEqualTo("CAIRN_TESTNET-" + stranger + "-7.rolling.zst");
    assertThat(SnapshotExporter.defaultName("X", BlockHash.of(
        new byte[32]), 12, false, false)).endsWith("-12.full").startsWith("X-B");
  }

  @Test
  void aRollingStoreRefusesAFullExport() {
    DataDir rolling = TestChains.generate(dir.resolve("rolling"), 30, "rolling:1");
    assertThatThrownBy(() -> SnapshotExporter.export(new SnapshotExporter.Request(rolling,
        BlockId.DEFAULT, false, ExportFormat.TAR, false, Optional.of(dir.resolve("s"))),
        Progress.NONE)).isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Incompatible_history_mode"));
  }

  @Test
  void infoReadsOnlyTheFirstThreeMembersAndSaysWhatItRead() throws IOException {
    Path tar = export("head", false, ExportFormat.TAR, true, dir.resolve("s.tar.zst"));
    SnapshotInfo.Header zstd = SnapshotInfo.read(tar.toString());
    assertThat(zstd.metadata().level()).isEqualTo(40);
    assertThat(zstd.layout()).hasToString("tar+zstd");
    assertThat(zstd.bytes()).hasValue(Files.size(tar));
    assertThat(zstd.protocols().rows()).hasSize(zstd.metadata().protocolLevels()).isNotEmpty();
    // Everything after the protocol table can be gone: info never gets there.
    Path plain = export("head", false, ExportFormat.TAR, false, dir.resolve("p.tar"));
    byte[] bytes = Files.readAllBytes(plain);
    int blockData = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("block_data\0");
    assertThat(blockData).isPositive();
    Path cut = dir.resolve("cut.tar");
    SnapshotParts.truncate(plain, blockData, cut);
    SnapshotInfo.Header whole = SnapshotInfo.read(plain.toString());
    assertThat(whole.layout()).hasToString("tar");
    assertThat(SnapshotInfo.read(cut.toString()).metadata()).isEqualTo(whole.metadata());
    assertThat(SnapshotInfo.read(cut.toString()).protocols()).isEqualTo(whole.protocols());
    Path raw = export("head", true, ExportFormat.RAW, false, dir.resolve("raw"));
    Files.delete(raw.resolve("context"));
    SnapshotInfo.Header rawInfo = SnapshotInfo.read(raw.toString());
    assertThat(rawInfo.metadata().rolling()).isTrue();
    assertThat(rawInfo.layout()).hasToString("raw");
  }

  @Test
  void whatIsNoSnapshotIsSaidToBeNone() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty"));
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a snapshot\n"
        .repeat(40));
    Path zstdText = dir.resolve("text.zst");
    try (var out = new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(zstdText))) {
      out.write(Files.readAllBytes(text));
    }
    for (Path path : List.of(empty, text, zstdText, Path.of("/dev/null"))) {
      assertThatThrownBy(() -> SnapshotInfo.read(path.toString())).as(path.toString())
          .isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Not_a_snapshot");
            assertThat(e.error().details()).startsWith(path.toString() + ": ");
          });
    }
    assertThatThrownBy(() -> SnapshotInfo.read(empty.toString())).hasMessageEndingWith(": empty");
    assertThatThrownBy(() -> SnapshotInfo.read(text.toString()))
        .hasMessageEndingWith("neither a tar, a zstd stream nor a Raw directory");
  }

  @Test
  void theImportedNodeHasTheMarkersOfTheDesign() {
    Path file = export("30", true, ExportFormat.TAR, false, dir.resolve("s.tar"));
    DataDir target = DataDir.at(dir.resolve("node"));
    importInto(target, file.toString());
    try (BlockReader store = BlockReader.open(target)) {
      assertThat(store.markers().head().level()).isEqualTo(30);
      assertThat(store.markers().checkpoint().level()).isEqualTo(29);
      assertThat(store.markers().savepoint().level()).isEqualTo(29);
      assertThat(store.markers().caboose().level()).isEqualTo(21);
      assertThat(store.canonicalHash(20)).isEmpty();
      assertThat(store.block(store.markers().savepoint().hash()).orElseThrow().metadata())
          .isPresent();
    }
  }

  private List<String> siblings() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
