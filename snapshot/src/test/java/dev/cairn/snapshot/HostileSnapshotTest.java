package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.BlockData;
import dev.cairn.snapshot.format.FloatingBlocks;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.block.BlockMetadata;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.testsupport.surgery.Member;
import dev.cairn.testsupport.surgery.SnapshotParts;
import dev.cairn.validator.protocol.ProtocolDescriptor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN §12: snapshots taken apart and put back damaged, each refused with its typed error,
 * leaving the data directory as it was (absent, or holding only its config.json) and nothing
 * beside it.
 */
class HostileSnapshotTest {

  @TempDir
  static Path shared;

  static DataDir source;
  static Path fullTar;
  static Path rollingRaw;
  static SnapshotParts full;

  @TempDir
  Path dir;

  @BeforeAll
  static void snapshots() throws IOException {
    source = TestChains.generate(shared.resolve("source"), 30, "full:1");
    fullTar = export(false, ExportFormat.TAR, "full.tar");
    rollingRaw = export(true, ExportFormat.RAW, "rolling.raw");
    full = SnapshotParts.readTar(fullTar);
  }

  private static Path export(boolean rolling, ExportFormat format, String name) {
    return SnapshotExporter.export(new SnapshotExporter.Request(source, BlockId.DEFAULT, rolling,
        format, false, Optional.of(shared.resolve(name))), Progress.NONE).path();
  }

  @Test
  void theUndamagedSnapshotsImport() {
    for (Path snapshot : List.of(fullTar, rollingRaw)) {
      DataDir target = DataDir.at(dir.resolve("node-" + snapshot.getFileName()));
      SnapshotImporter.run(request(target, snapshot), Progress.NONE);
      assertThat(target.markersFile()).exists();
    }
  }

  @Test
  void aNameThatClimbsOutIsRefused() throws IOException {
    assertRefused(full.rename("floating_blocks", "../floating_blocks"), "Invalid_snapshot_member");
    assertRefused(full.rename("floating_blocks", "cemented/../../x"), "Invalid_snapshot_member");
  }

  @Test
  void anAbsoluteNameIsRefused() throws IOException {
    assertRefused(full.rename("context", "/tmp/context"), "Invalid_snapshot_member");
  }

  @Test
  void linksAreRefused() throws IOException {
    assertRefused(full.insert(2, Member.symlink("protocol_levels", "/etc/passwd")),
        "Invalid_snapshot_member");
    assertRefused(full.insert(2, Member.hardlink("protocol_levels", "metadata.json")),
        "Invalid_snapshot_member");
    SnapshotParts raw = SnapshotParts.readRaw(rollingRaw);
    assertRefusedRaw(raw.remove("block_data").insert(3,
        Member.symlink("block_data", rollingRaw.resolve("block_data").toString())),
        "Invalid_snapshot_member");
    assertRefusedRaw(raw.remove("protocol_levels").append(
        Member.hardlink("protocol_levels", "metadata.json")), "Invalid_snapshot_member");
  }

  @Test
  void aMemberOffTheAllowListIsRefused() throws IOException {
    assertRefused(full.append(Member.file("run.sh", "#!/bin/sh\n".getBytes(
        StandardCharsets.US_ASCII))), "Invalid_snapshot_member");
    assertRefused(full.insert(2, Member.directory("protocols/")), "Invalid_snapshot_member");
  }

  @Test
  void aDuplicateOrMisplacedMemberIsRefused() throws IOException {
    assertRefused(full.duplicate("block_data"), "Invalid_snapshot_member");
    assertRefused(full.move("context", 2), "Invalid_snapshot_member");
    assertRefused(full.move("snapshot_version.json", 1), "Invalid_snapshot_member");
  }

  @ParameterizedTest(name = "cut at {0}/8 of the archive")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void aTruncatedArchiveIsRefused(int eighths) throws IOException {
    long size = Files.size(fullTar);
    long length = eighths == 0 ? 700 : size * eighths / 8;
    Path cut = dir.resolve("cut.tar");
    SnapshotParts.truncate(fullTar, length, cut);
    assertRefused(cut, "Cannot_read", "Invalid_cemented_file", "Missing_cemented_file",
        "Missing_target_block", "Inconsistent_context", "Inconsistent_floating_store");
  }

  @Test
  void aFlippedByteInAnyMemberIsRefused() throws IOException {
    Map<String, List<String>> expected = Map.of(
        "snapshot_version.json", List.of("Cannot_read", "Inconsistent_version_import"),
        "metadata.json", List.of("Cannot_read"),
        "protocol_levels", List.of("Cannot_read", "Invalid_protocol_file"),
        "protocols/", List.of("Inconsistent_protocol_hash", "Invalid_protocol_file"),
        "block_data", List.of("Cannot_read", "Inconsistent_imported_block",
            "Inconsistent_context_hash", "Inconsistent_floating_store",
            "Target_block_validation_failed"),
        "context", List.of("Cannot_read", "Inconsistent_context", "Inconsistent_context_hash"),
        "floating_blocks", List.of("Cannot_read", "Corrupted_floating_store",
            "Inconsistent_floating_store"),
        "cemented/", List.of("Invalid_cemented_file"));
    int cases = 0;
    for (Member member : full.members()) {
      int length = member.content().length;
      List<String> names = expected.entrySet().stream()
          .filter(e -> member.name().startsWith(e.getKey())).findFirst().orElseThrow()
          .getValue();
      for (int offset : new int[] {0, 1, length / 3, length / 2, length - 2, length - 1}) {
        assertRefusedAs(full.flipByte(member.name(), offset), member.name() + " at " + offset,
            names.toArray(String[]::new));
        cases++;
      }
    }
    assertThat(cases).isEqualTo(6 * full.members().size());
  }

  @Test
  void anotherVersionIsRefused() throws IOException {
    assertRefused(full.replace("snapshot_version.json",
        "{\"version\": 2}".getBytes(StandardCharsets.US_ASCII)), "Inconsistent_version_import");
  }

  @Test
  void anotherChainOrHistoryModeInConfigIsRefusedAndTheConfigKept() throws IOException {
    StoreConfig config = source.readConfig();
    StoreConfig otherChain = new StoreConfig("OTHER_CHAIN", config.genesisBlock(),
        config.genesisTimestamp(), config.genesisProtocol(), config.historyMode(),
        config.blocksPerCycle(), config.preservationCycles(), config.testnet());
    assertRefusedWithConfig(fullTar, otherChain, "Inconsistent_chain_import");
    StoreConfig rolling = new StoreConfig(config.chainName(), config.genesisBlock(),
        config.genesisTimestamp(), config.genesisProtocol(), HistoryMode.rolling(1),
        config.blocksPerCycle(), config.preservationCycles(), config.testnet());
    assertRefusedWithConfig(fullTar, rolling, "Inconsistent_history_mode_import");
  }

  @Test
  void anotherBlockThanAskedForIsRefused() {
    DataDir target = DataDir.at(dir.resolve("node"));
    BlockHash other = source.readConfig().genesisBlock();
    assertThatThrownBy(() -> SnapshotImporter.run(new SnapshotImporter.Request(target,
        fullTar.toString(), Optional.of(other), true, false), Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Inconsistent_imported_block"));
    assertThat(dir.resolve("node")).doesNotExist();
  }

  @Test
  void anUnknownProtocolIsRefused() throws IOException {
    byte[] unknown = new ProtocolDescriptor("Not-a-Cairn-protocol", 1, new TreeMap<>()).encode();
    ProtocolHash hash = ProtocolHash.of(Blake2b.digest256(unknown));
    List<String> names = full.names();
    int at = 3;
    while (names.get(at).startsWith("protocols/")
        && names.get(at).compareTo("protocols/" + hash) < 0) {
      at++;
    }
    assertRefused(full.insert(at, Member.file("protocols/" + hash, unknown)),
        "Cannot_decode_protocol");
  }

  @Test
  void aProtocolFileUnderAnotherNameIsRefused() throws IOException {
    String protocol = full.names().stream().filter(n -> n.startsWith("protocols/")).findFirst()
        .orElseThrow();
    assertRefused(full.rename(protocol, "protocols/Pnotahash"), "Invalid_protocol_file");
  }

  @Test
  void cementedFilesWithABadNameAMissingCycleOrABadTableAreRefused() throws IOException {
    assertRefused(full.rename("cemented/1_8", "cemented/1_8x"), "Invalid_cemented_file");
    assertRefused(full.rename("cemented/1_8", "cemented/1_7"), "Invalid_cemented_file");
    assertRefused(full.remove("cemented/9_16"), "Missing_cemented_file");
    assertRefused(full.remove("cemented/17_24"), "Missing_cemented_file");
    byte[] table = full.member("cemented/1_8").content();
    ByteBuffer.wrap(table).putLong(8, table.length + 100L);
    assertRefused(full.replace("cemented/1_8", table), "Invalid_cemented_file");
  }

  @Test
  void floatingBlocksThatDoNotLinkAreRefused() throws IOException {
    List<Block> blocks = floatingBlocks();
    assertThat(blocks).hasSizeGreaterThan(2);
    List<Block> gap = new ArrayList<>(blocks);
    gap.remove(1);
    assertRefused(full.replace("floating_blocks", encodeFloating(gap)),
        "Inconsistent_floating_store");
    List<Block> swapped = new ArrayList<>(blocks);
    swapped.set(0, blocks.get(1));
    swapped.set(1, blocks.get(0));
    assertRefused(full.replace("floating_blocks", encodeFloating(swapped)),
        "Inconsistent_floating_store");
  }

  @Test
  void aLengthLargerThanTheArchiveIsRefused() throws IOException {
    byte[] floating = full.member("floating_blocks").content();
    ByteBuffer.wrap(floating).putInt(4, 0x7fff_ffff);
    assertRefused(full.replace("floating_blocks", floating), "Cannot_read");
    byte[] count = full.member("floating_blocks").content();
    ByteBuffer.wrap(count).putInt(0, 0x7fff_ffff);
    assertRefused(full.replace("floating_blocks", count), "Cannot_read");
  }

  @Test
  void aZstdStreamThatExpandsWithoutBoundIsRefused() throws IOException {
    Path bomb = dir.resolve("bomb.zst");
    SnapshotParts.zstdOfZeros(bomb, 256L << 20);
    // Zeros are no tar header: refused after the first record, before any more is expanded
    // (ExpansionGuardTest bounds the expansion of a stream that does begin like a tar).
    assertRefused(bomb, "Not_a_snapshot");
  }

  @Test
  void aDataDirectoryWhoseParentIsMissingIsRefusedAndNothingCreated() {
    DataDir deep = DataDir.at(dir.resolve("a/b/node"));
    assertThatThrownBy(() -> SnapshotImporter.run(request(deep, fullTar), Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Invalid_data_dir"));
    assertThat(dir.resolve("a")).doesNotExist();
  }

  private SnapshotParts withMetadata(UnaryOperator<String> edit) {
    String metadata = new String(full.member("metadata.json").content(), StandardCharsets.UTF_8);
    String edited = edit.apply(metadata);
    assertThat(edited).as("the edit applies").isNotEqualTo(metadata);
    return full.replace("metadata.json", edited.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anythingButZeroPaddingAfterTheEndOfTheArchiveIsRefused() throws IOException {
    byte[] tar = Files.readAllBytes(fullTar);
    Path garbage = dir.resolve("garbage.tar");
    Files.write(garbage, concat(tar, "#!/bin/sh\nrm -rf ~\n".getBytes(StandardCharsets.US_ASCII)));
    assertRefused(garbage, "Invalid_snapshot_member");
    Path twice = dir.resolve("twice.tar");
    Files.write(twice, concat(tar, tar));
    assertRefused(twice, "Invalid_snapshot_member");
    Path padded = dir.resolve("padded.tar");
    Files.write(padded, concat(tar, new byte[10240 - 1024 + 1]));
    assertRefused(padded, "Invalid_snapshot_member"); // more zeros than a block's padding
    Files.write(padded, concat(tar, new byte[10240 - 1024]));
    DataDir accepted = DataDir.at(dir.resolve("padded-node"));
    SnapshotImporter.run(request(accepted, padded), Progress.NONE); // as GNU tar pads
    int end = tar.length; // the two end-of-archive records are the last 1,024 bytes
    Path noEnd = dir.resolve("no-end.tar");
    Files.write(noEnd, concat(Arrays.copyOf(tar, end - 1024), "A".repeat(300).getBytes(
        StandardCharsets.US_ASCII)));
    assertRefused(noEnd, "Cannot_read");
    Files.write(noEnd, concat(Arrays.copyOf(tar, end - 512), "B".repeat(400).getBytes(
        StandardCharsets.US_ASCII)));
    assertRefused(noEnd, "Cannot_read");
    Files.write(noEnd, Arrays.copyOf(tar, end - 1024));
    assertRefused(noEnd, "Cannot_read");
    Path zstdTwice = dir.resolve("twice.tar.zst");
    full.writeTar(zstdTwice, true);
    byte[] frame = Files.readAllBytes(zstdTwice);
    Files.write(zstdTwice, concat(frame, frame));
    assertRefused(zstdTwice, "Invalid_snapshot_member", "Cannot_read");
  }

  @Test
  void aHeaderWhoseChecksumDoesNotMatchIsRefused() throws IOException {
    byte[] tar = Files.readAllBytes(fullTar);
    Path damaged = dir.resolve("checksum.tar");
    int second = 1024; // metadata.json's header, after the version member's header and block
    assertThat(new String(tar, second, 13, StandardCharsets.US_ASCII)).isEqualTo("metadata.json");
    byte[] mtime = tar.clone();
    mtime[second + 136 + 2] = (byte) (mtime[second + 136 + 2] == '1' ? '2' : '1');
    Files.write(damaged, mtime);
    assertRefused(damaged, "Invalid_snapshot_member");
    byte[] checksum = tar.clone();
    checksum[second + 148 + 5] = (byte) (checksum[second + 148 + 5] == '1' ? '2' : '1');
    Files.write(damaged, checksum);
    assertRefused(damaged, "Invalid_snapshot_member");
    byte[] first = tar.clone(); // the first header: a damaged tar (it has the ustar magic)
    first[148 + 5] = (byte) (first[148 + 5] == '1' ? '2' : '1');
    Files.write(damaged, first);
    assertRefused(damaged, "Invalid_snapshot_member");
    first[257] = 'x'; // and without the magic, no tar at all
    Files.write(damaged, first);
    assertRefused(damaged, "Not_a_snapshot");
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  @Test
  void metadataWithADuplicateKeyIsRefused() throws IOException {
    assertRefused(withMetadata(m -> m.replaceFirst("\\{", "{\"level\": 1,")), "Cannot_read");
    assertRefused(withMetadata(m -> m.replace("\"chain\" : {", "\"chain\" : {\"blocks_per_cycle\" : 2,")),
        "Cannot_read");
  }

  @Test
  void aChainObjectOutsideTheSchemaCairnWritesIsRefusedAndAForcedNodeKept() throws IOException {
    String nested = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
    String wide = "{" + java.util.stream.IntStream.range(0, 40_000)
        .mapToObj(i -> "\"f" + i + "\": " + i).collect(java.util.stream.Collectors.joining(","))
        + "}";
    List<SnapshotParts> unfit = List.of(
        withMetadata(m -> m.replaceFirst("\"testnet\" : \\{", "\"testnet\" : {\"deep\": "
            + nested + ",")),
        withMetadata(m -> m.replaceFirst("\"testnet\" : \\{[^}]*}", "\"testnet\" : " + wide)),
        withMetadata(m -> m.replace("\"chain\" : {", "\"chain\" : {\"owner\" : \"me\",")),
        withMetadata(m -> m.replaceFirst("\\{", "{\"comment\": \"hi\",")));
    for (SnapshotParts parts : unfit) {
      assertRefused(parts, "Cannot_read");
    }
    // With --force over a node, none of them removes the node.
    Path parent = Files.createTempDirectory(dir, "forced");
    DataDir node = DataDir.at(parent.resolve("node"));
    SnapshotImporter.run(request(node, fullTar), Progress.NONE);
    List<String> before = list(parent);
    byte[] markers = Files.readAllBytes(node.markersFile());
    for (SnapshotParts parts : unfit) {
      Path tar = Files.createTempFile(dir, "unfit", ".tar");
      Files.delete(tar);
      parts.writeTar(tar, false);
      assertThatThrownBy(() -> SnapshotImporter.run(new SnapshotImporter.Request(node,
          tar.toString(), Optional.empty(), true, true), Progress.NONE))
          .isInstanceOfSatisfying(CairnException.class, e ->
              assertThat(e.error().name()).isEqualTo("Cannot_read"));
      assertThat(list(parent)).isEqualTo(before);
      assertThat(Files.readAllBytes(node.markersFile())).isEqualTo(markers);
    }
    node.readConfig();
  }

  @Test
  void anExtendedHeaderLargerThanAnyNameIsRefusedBeforeItIsRead() throws IOException {
    long size = 48L << 20; // a GNU long name that would be read whole into memory
    Path tar = dir.resolve("longname.tar");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar))) {
      out.write(tarHeader("././@LongLink", 'L', size));
      byte[] letters = new byte[1 << 20];
      Arrays.fill(letters, (byte) 'a');
      for (long left = size; left > 0; left -= letters.length) {
        out.write(letters, 0, (int) Math.min(letters.length, left));
      }
    }
    assertRefused(tar, "Invalid_snapshot_member");
    assertThatThrownBy(() -> SnapshotInfo.read(tar.toString()))
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.getMessage())
            .contains("extended headers larger than 1048576 bytes"));
    Path fifo = dir.resolve("fifo.tar");
    Files.write(fifo, tarHeader("snapshot_version.json", '6', 0));
    assertRefused(fifo, "Invalid_snapshot_member");
  }

  /** One ustar header block (GNU magic), its checksum computed as tar does. */
  private static byte[] tarHeader(String name, char type, long size) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", size));
    put(header, 136, "00000000000");
    header[156] = (byte) type;
    put(header, 257, "ustar  ");
    Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    return header;
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  @Test
  void blockDataThatDisagreesWithItselfIsRefused() throws IOException {
    byte[] content = full.member("block_data").content();
    BlockData data = BlockData.read(
        new ByteArrayInputStream(content), content.length);
    BlockData withMetadata = new BlockData(
        data.genesis(), data.block().withMetadata(Optional.of(
            new BlockMetadata(8, Bytes.EMPTY))),
        data.predecessorHeader(), data.predecessorMaxOperationsTtl(),
        data.predecessorMetadataHash(), data.resultingContext(), data.live(), data.headerHash(),
        data.protocolLevelsMemberHash());
    assertRefused(full.replace("block_data", encodeWithMetadata(withMetadata)),
        "Inconsistent_imported_block");
    BlockData shorterTtl = new BlockData(
        data.genesis(), data.block(), data.predecessorHeader(), 2,
        data.predecessorMetadataHash(), data.resultingContext(), data.live().subList(0, 3),
        data.headerHash(), data.protocolLevelsMemberHash());
    // A shorter window hides live blocks from the replay, or contradicts the protocol's ttl.
    assertRefused(full.replace("block_data", shorterTtl.encode()),
        "Inconsistent_imported_block", "Target_block_validation_failed");
  }

  /** block_data with B encoded with its metadata, which BlockData.encode never writes. */
  private static byte[] encodeWithMetadata(BlockData data)
      throws IOException {
    byte[] plain = data.encode();
    byte[] genesis = BlockCodec.encode(data.genesis(), true);
    byte[] withoutMetadata = BlockCodec.encode(data.block(), false);
    byte[] with = BlockCodec.encode(data.block(), true);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(genesis.length);
      out.write(genesis);
      out.writeInt(with.length);
      out.write(with);
      int rest = 4 + genesis.length + 4 + withoutMetadata.length;
      out.write(plain, rest, plain.length - rest);
    }
    return bytes.toByteArray();
  }

  @Test
  void aChainNameThatIsNotAPlainWordIsRefused() throws IOException {
    String metadata = new String(full.member("metadata.json").content(), StandardCharsets.UTF_8)
        .replace("\"chain_name\" : \"CAIRN_TESTNET\"", "\"chain_name\" : \"../../etc\"");
    assertThat(metadata).contains("../../etc");
    Path tar = dir.resolve("name.tar");
    full.replace("metadata.json", metadata.getBytes(StandardCharsets.UTF_8)).writeTar(tar, false);
    assertThatThrownBy(() -> SnapshotInfo.read(tar.toString()))
        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.getMessage())
            .startsWith("Cannot_read: metadata: chain_name must be"));
    assertRefused(tar, "Cannot_read");
  }

  @Test
  void aMissingSnapshotIsRefused() {
    assertRefused(dir.resolve("absent.tar"), "Snapshot_file_not_found");
  }

  // ---- helpers ----

  private static List<Block> floatingBlocks() {
    byte[] content = full.member("floating_blocks").content();
    FloatingBlocks.Reader reader = new FloatingBlocks.Reader(new ByteArrayInputStream(content),
        content.length);
    List<Block> blocks = new ArrayList<>();
    while (reader.hasNext()) {
      blocks.add(reader.next());
    }
    return blocks;
  }

  private static byte[] encodeFloating(List<Block> blocks) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      FloatingBlocks.writeCount(out, blocks.size());
      for (Block block : blocks) {
        FloatingBlocks.writeBlock(out, block);
      }
    }
    return bytes.toByteArray();
  }

  private static SnapshotImporter.Request request(DataDir target, Path snapshot) {
    return new SnapshotImporter.Request(target, snapshot.toString(), Optional.empty(), true,
        false);
  }

  private void assertRefused(SnapshotParts parts, String... names) throws IOException {
    assertRefusedAs(parts, "damaged", names);
  }

  private void assertRefusedAs(SnapshotParts parts, String damage, String... names)
      throws IOException {
    Path tar = Files.createTempFile(dir, "damaged", ".tar");
    Files.delete(tar);
    parts.writeTar(tar, false);
    assertPathRefusedAs(tar, damage, names);
  }

  private void assertRefusedRaw(SnapshotParts parts, String... names) throws IOException {
    Path raw = Files.createTempDirectory(dir, "damaged");
    Files.delete(raw);
    parts.writeRaw(raw);
    assertRefused(raw, names);
  }

  /** Imports into an absent data directory: refused, and nothing written there or beside it. */
  private void assertRefused(Path snapshot, String... names) {
    assertPathRefusedAs(snapshot, snapshot.getFileName().toString(), names);
  }

  private void assertPathRefusedAs(Path snapshot, String damage, String... names) {
    Path parent;
    try {
      parent = Files.createTempDirectory(dir, "import");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataDir target = DataDir.at(parent.resolve("node"));
    assertThatThrownBy(() -> SnapshotImporter.run(request(target, snapshot), Progress.NONE))
        .as("import of %s", damage)
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).as(e.getMessage()).isIn((Object[]) names));
    assertThat(list(parent)).as("what the import left").isEmpty();
  }

  /** Imports into a data directory holding only config.json: refused, config.json as it was. */
  private void assertRefusedWithConfig(Path snapshot, StoreConfig config, String name)
      throws IOException {
    Path parent = Files.createTempDirectory(dir, "import");
    DataDir target = DataDir.at(parent.resolve("node"));
    target.writeConfig(config);
    byte[] before = Files.readAllBytes(target.configFile());
    assertThatThrownBy(() -> SnapshotImporter.run(request(target, snapshot), Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo(name));
    assertThat(list(parent)).containsExactly("node", "node/config.json");
    assertThat(Files.readAllBytes(target.configFile())).isEqualTo(before);
  }

  private static List<String> list(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
