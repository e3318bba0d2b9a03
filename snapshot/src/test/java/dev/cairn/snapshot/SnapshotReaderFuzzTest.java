package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.testsupport.surgery.Member;
import dev.cairn.testsupport.surgery.SnapshotParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jazzer target on the snapshot reader and importer: a valid rolling snapshot of a small chain
 * with, chosen by the input's first byte, either the archive's bytes or one member's content
 * overwritten from an offset by the rest of the input. The import must succeed or fail with a
 * snapshot error, and a failure must leave nothing behind. The committed corpus replays in every
 * build; {@code JAZZER_FUZZ=1 mvn -pl snapshot test -Dtest=SnapshotReaderFuzzTest} fuzzes.
 */
class SnapshotReaderFuzzTest {

  @TempDir
  static Path dir;

  static byte[] archive;
  static SnapshotParts parts;

  /**
   * What an import of a malformed snapshot may say: the error names of DESIGN §10 (and a failing
   * disk's), each from the one record that has it, whichever module's family that is.
   */
  static final List<String> IMPORT_ERRORS = List.of("Invalid_export_block",
      "Incompatible_history_mode", "Invalid_export_path", "Snapshot_file_not_found",
      "Inconsistent_version_import", "Inconsistent_chain_import",
      "Inconsistent_history_mode_import", "Directory_already_exists", "Cannot_read",
      "Invalid_snapshot_member", "Invalid_protocol_file", "Inconsistent_protocol_hash",
      "Cannot_decode_protocol", "Inconsistent_imported_block", "Inconsistent_context",
      "Inconsistent_context_hash", "Target_block_validation_failed", "Invalid_cemented_file",
      "Missing_cemented_file", "Corrupted_floating_store", "Inconsistent_floating_store",
      "Missing_target_block", "Snapshot_io_failure", "Not_a_snapshot");

  @BeforeAll
  static void snapshot() throws IOException {
    DataDir source = TestChains.generate(dir.resolve("source"), 12, "full:1");
    Path tar = SnapshotExporter.export(new SnapshotExporter.Request(source, BlockId.parse("head"),
        true, ExportFormat.TAR, false, Optional.of(dir.resolve("valid.tar"))), Progress.NONE)
        .path();
    archive = Files.readAllBytes(tar);
    parts = SnapshotParts.readTar(tar);
  }

  @FuzzTest(maxDuration = "60s")
  void importing(byte[] input) throws IOException {
    if (input.length < 4) {
      return;
    }
    Path work = Files.createTempDirectory(dir, "run");
    Path snapshot = work.resolve("fuzzed.tar");
    int choice = input[0] & 0xff;
    int offset = (input[1] & 0xff) << 8 | (input[2] & 0xff);
    byte[] tail = Arrays.copyOfRange(input, 3, input.length);
    if (choice % 3 == 0) {
      Files.write(snapshot, overwrite(archive, offset % (archive.length + 1), tail));
    } else {
      List<Member> members = parts.members();
      Member member = members.get(choice % members.size());
      byte[] content = member.content();
      parts.replace(member.name(), overwrite(content, offset % (content.length + 1), tail))
          .writeTar(snapshot, choice % 3 == 2);
    }
    Path root = work.resolve("node");
    try {
      SnapshotImporter.run(new SnapshotImporter.Request(DataDir.at(root), snapshot.toString(),
          Optional.empty(), true, false), Progress.NONE);
      assertThat(root.resolve("store/markers")).exists();
    } catch (CairnException e) {
      assertThat(e.error().name()).as(e.getMessage()).isIn(IMPORT_ERRORS);
      assertThat(list(work)).containsExactly("fuzzed.tar");
    } finally {
      delete(work);
    }
  }

  private static byte[] overwrite(byte[] bytes, int offset, byte[] tail) {
    byte[] out = Arrays.copyOf(bytes, Math.max(bytes.length, offset + tail.length));
    System.arraycopy(tail, 0, out, offset, tail.length);
    return tail.length % 2 == 1 ? Arrays.copyOf(out, offset + tail.length) : out;
  }

  private static List<String> list(Path root) throws IOException {
    try (Stream<Path> paths = Files.list(root)) {
      return paths.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
