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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §14: a snapshot read through its manifest, the manifest or the parts damaged; each is
 * refused with its typed error naming what is wrong, and the import leaves nothing behind.
 */
class HostileManifestTest {

  private static final long PART = 16 * 1024;

  @TempDir
  static Path shared;

  static Path split;
  static Path single;
  static Path raw;
  static Path otherSplit;

  @TempDir
  Path dir;

  @BeforeAll
  static void snapshots() {
    DataDir source = TestChains.generate(shared.resolve("source"), 30, "full:1");
    DataDir other = TestChains.generate(shared.resolve("other"), 30, "full:1", 2);
    split = export(source, "split", ExportFormat.TAR, OptionalLong.of(PART), "s.tar");
    single = export(source, "single", ExportFormat.TAR, OptionalLong.empty(), "one.tar");
    raw = export(source, "raw", ExportFormat.RAW, OptionalLong.empty(), "r");
    otherSplit = export(other, "other-split", ExportFormat.TAR, OptionalLong.of(PART), "s.tar");
  }

  /** Exports into its own directory; returns the manifest. */
  private static Path export(DataDir source, String directory, ExportFormat format,
      OptionalLong splitSize, String name) {
    try {
      Path out = Files.createDirectories(shared.resolve(directory));
      return SnapshotExporter.export(new SnapshotExporter.Request(source, BlockId.DEFAULT, false,
          format, false, Optional.of(out.resolve(name)), splitSize, "test", Optional.empty()),
          Progress.NONE)
          .manifest();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the export whose manifest is {@code manifest}, in a directory of this test. */
  private Path copy(Path manifest) throws IOException {
    Path into = Files.createTempDirectory(dir, "copy");
    try (Stream<Path> files = Files.walk(manifest.getParent())) {
      for (Path file : files.toList()) {
        Path target = into.resolve(manifest.getParent().relativize(file).toString());
        if (!Files.exists(target)) {
          Files.copy(file, target);
        }
      }
    }
    return into.resolve(manifest.getFileName().toString());
  }

  private static Path part(Path manifest, int index) {
    String snapshot = manifest.getFileName().toString().replace(".manifest.json", "");
    // Named after the first part (FILE.<block>.part-00000), present or not.
    try (java.util.stream.Stream<Path> siblings = Files.list(manifest.getParent())) {
      String first = siblings.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(snapshot + ".") && name.endsWith(".part-00000"))
          .findFirst().orElseThrow();
      return manifest.resolveSibling(first.replaceFirst("00000$",
          String.format("%05d", index)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void rewrite(Path manifest, String from, String to) throws IOException {
    String text = Files.readString(manifest);
    assertThat(text).contains(from);
    Files.writeString(manifest, text.replaceFirst(java.util.regex.Pattern.quote(from),
        java.util.regex.Matcher.quoteReplacement(to)));
  }

  /** Imports {@code manifest}: refused as {@code name} with {@code details}, nothing left. */
  private void assertRefused(Path manifest, String name, String details) throws IOException {
    List<String> before = list(dir);
    Path target = dir.resolve("node");
    assertThatThrownBy(() -> SnapshotImporter.run(new SnapshotImporter.Request(DataDir.at(target),
        manifest.toString(), Optional.empty(), true, false), Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).as(e.getMessage()).isEqualTo(name);
          assertThat(e.error().details()).contains(details);
        });
    assertThat(list(dir)).as("what the import left").isEqualTo(before);
  }

  @Test
  void undamagedExportsImportThroughTheirManifests() {
    for (Path manifest : List.of(split, single, raw)) {
      DataDir target = DataDir.at(dir.resolve("node-" + manifest.getFileName()));
      SnapshotImporter.run(new SnapshotImporter.Request(target, manifest.toString(),
          Optional.empty(), true, false), Progress.NONE);
      assertThat(target.markersFile()).as("%s", manifest).exists();
    }
    assertThat(part(split, 3)).exists();
  }

  @Test
  void aDamagedPartIsNamedBeforeAnythingLands() throws IOException {
    Path manifest = copy(split);
    byte[] bytes = Files.readAllBytes(part(manifest, 2));
    bytes[100] ^= 1;
    Files.write(part(manifest, 2), bytes);
    assertRefused(manifest, "Digest_mismatch", ".part-00002: expected SHA-256");
  }

  @Test
  void aMissingTruncatedOrExtendedPartIsRefused() throws IOException {
    Path missing = copy(split);
    Files.delete(part(missing, 3));
    assertRefused(missing, "Missing_part", ".part-00003");
    Path truncated = copy(split);
    byte[] bytes = Files.readAllBytes(part(truncated, 1));
    Files.write(part(truncated, 1), Arrays.copyOf(bytes, bytes.length - 1));
    assertRefused(truncated, "Digest_mismatch", ".part-00001: expected 16384 bytes, got "
        + "only 16383");
    Path extended = copy(split);
    Files.write(part(extended, 0), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    assertRefused(extended, "Digest_mismatch", ".part-00000: expected 16384 bytes, got "
        + "more");
  }

  @Test
  void swappedPartsOrAPartOfAnotherSnapshotAreRefused() throws IOException {
    Path swapped = copy(split);
    Path first = part(swapped, 1);
    Path second = part(swapped, 2);
    Path aside = swapped.resolveSibling("aside");
    Files.move(first, aside);
    Files.move(second, first);
    Files.move(aside, second);
    assertRefused(swapped, "Digest_mismatch", ".part-00001");
    Path foreign = copy(split);
    Files.copy(part(otherSplit, 2), part(foreign, 2),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertRefused(foreign, "Digest_mismatch", ".part-00002");
    Path extra = copy(split);
    int count = 0;
    while (Files.exists(part(extra, count))) {
      count++;
    }
    Files.copy(part(extra, 0), part(extra, count));
    assertRefused(extra, "Invalid_manifest", "lies beside it but it lists " + count + " parts");
  }

  @Test
  void aManifestThatLiesAboutTheWholeFileIsRefused() throws IOException {
    Path size = copy(single);
    long bytes = Files.size(size.resolveSibling("one.tar"));
    rewrite(size, "\"size\": " + bytes, "\"size\": " + (bytes - 512));
    assertRefused(size, "Digest_mismatch", "one.tar: expected " + (bytes - 512)
        + " bytes, got more");
    Path digest = copy(single);
    String text = Files.readString(digest);
    String sha = text.replaceAll("(?s).*\"sha256\": \"([0-9a-f]{64})\".*", "$1");
    rewrite(digest, sha, sha.substring(1) + (sha.charAt(0) == '0' ? '1' : '0'));
    assertRefused(digest, "Digest_mismatch", "one.tar: expected SHA-256");
    Path rawFile = copy(raw);
    Files.write(rawFile.resolveSibling("r").resolve("context"), new byte[] {1},
        java.nio.file.StandardOpenOption.APPEND);
    assertRefused(rawFile, "Digest_mismatch", "context: expected");
  }

  @Test
  void aManifestNamingAnotherBlockIsRefused() throws IOException {
    Path manifest = copy(single);
    String text = Files.readString(manifest);
    String block = text.replaceAll("(?s).*\"block_hash\": \"(B[1-9A-Za-z]+)\".*", "$1");
    String otherBlock = Files.readString(otherSplit)
        .replaceAll("(?s).*\"block_hash\": \"(B[1-9A-Za-z]+)\".*", "$1");
    assertThat(otherBlock).isNotEqualTo(block);
    rewrite(manifest, block, otherBlock);
    assertRefused(manifest, "Invalid_manifest", "it names block " + otherBlock);
  }

  @Test
  void aManifestWithNamesThatLeaveItsDirectoryIsRefused() throws IOException {
    for (String name : List.of("../one.tar", "/etc/passwd", "sub/one.tar", "..")) {
      Path manifest = copy(single);
      rewrite(manifest, "\"snapshot\": \"one.tar\"", "\"snapshot\": \"" + name + "\"");
      assertRefused(manifest, "Invalid_manifest", "not a plain file name");
    }
    Path parts = copy(split);
    String first = part(parts, 0).getFileName().toString();
    rewrite(parts, "\"name\":\"" + first + "\"", "\"name\":\"../" + first + "\"");
    assertRefused(parts, "Invalid_manifest", "not a plain file name");
  }

  @Test
  void anOversizedOrDuplicatedManifestIsRefusedUnread() throws IOException {
    Path padded = copy(single);
    Files.write(padded, " ".repeat(17 << 20).getBytes(StandardCharsets.US_ASCII),
        java.nio.file.StandardOpenOption.APPEND);
    assertRefused(padded, "Invalid_manifest", "more than the 16777216 a manifest may have");
    Path many = copy(split);
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < 1_000_000; i++) {
      parts.append(i == 0 ? "" : ",").append("{\"name\":\"s.tar.part-").append(i)
          .append("\",\"size\":1,\"sha256\":\"").append("0".repeat(64)).append("\"}");
    }
    rewrite(many, "\"parts\": [", "\"parts\": [" + parts + ",");
    assertRefused(many, "Invalid_manifest", "a manifest may have");
    Path duplicated = copy(single);
    rewrite(duplicated, "\"layout\": \"tar\",", "\"layout\": \"tar\", \"layout\": \"raw\",");
    assertRefused(duplicated, "Invalid_manifest", "the key \"layout\" appears twice");
  }

  /** Imports standard input, given {@code bytes}, checked against {@code manifest}. */
  private SnapshotImporter.Result importStandardInput(byte[] bytes, Path manifest,
      Path target) {
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(bytes));
      return SnapshotImporter.run(new SnapshotImporter.Request(DataDir.at(target), "-",
          Optional.empty(), true, false, Optional.of(manifest),
          dev.cairn.snapshot.format.TrustPolicy.NONE), Progress.NONE);
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void standardInputIsCheckedAgainstTheManifestGivenApart() throws IOException {
    byte[] bytes = Files.readAllBytes(single.resolveSibling("one.tar"));
    assertThat(importStandardInput(bytes, single, dir.resolve("node")).manifest()).isPresent();
    for (byte[] damaged : List.of(Arrays.copyOf(bytes, bytes.length + 512),
        flipped(bytes, bytes.length - 600))) {
      List<String> before = list(dir);
      assertThatThrownBy(() -> importStandardInput(damaged, single, dir.resolve("other")))
          .isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Digest_mismatch");
            assertThat(e.error().details()).startsWith("standard input: expected");
          });
      assertThat(list(dir)).isEqualTo(before);
    }
  }

  private static byte[] flipped(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 1;
    return copy;
  }

  private static List<String> list(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.map(path -> root.relativize(path).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
