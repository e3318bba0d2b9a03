package dev.cairn.snapshot.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import dev.cairn.snapshot.format.MemberKind;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Jazzer target on the tar reader alone: an archive of the first members of a snapshot, each
 * with PAX records drawn from the input (names, sizes, arbitrary keys and values), then bytes of
 * it overwritten (headers, checksums, the end-of-archive records) and more appended. Reading it
 * member by member to the end must give members whose bytes are as declared, or a snapshot
 * error of the tar reader's two kinds; nothing else may escape. The committed corpus replays in
 * every build; {@code JAZZER_FUZZ=1 mvn -pl snapshot test -Dtest=TarSourceFuzzTest} fuzzes.
 */
class TarSourceFuzzTest {

  private static final List<String> NAMES = List.of(MemberKind.VERSION.memberName(),
      MemberKind.METADATA.memberName(), "protocol_levels", "block_data");
  private static final List<String> PAX_KEYS = List.of("path", "size", "linkpath", "uid",
      "mtime", "GNU.sparse.size", "GNU.sparse.map", "SCHILY.devmajor", "comment");

  @FuzzTest(maxDuration = "30s")
  void readingTar(FuzzedDataProvider data) throws IOException {
    byte[] archive = archive(data);
    int edits = data.consumeInt(0, 8);
    for (int i = 0; i < edits && archive.length > 0; i++) {
      archive[data.consumeInt(0, archive.length - 1)] = data.consumeByte();
    }
    byte[] appended = data.consumeBytes(data.consumeInt(0, 2048));
    byte[] input = new byte[archive.length + appended.length];
    System.arraycopy(archive, 0, input, 0, archive.length);
    System.arraycopy(appended, 0, input, archive.length, appended.length);
    try (SnapshotSource source = TarSource.of(new BufferedInputStream(
        new ByteArrayInputStream(input)), "fuzzed")) {
      for (Optional<SnapshotSource.Member> member = source.next(); member.isPresent();
          member = source.next()) {
        long read = drain(member.get().in());
        assertThat(read).as(member.get().name().path()).isEqualTo(member.get().size());
      }
    } catch (CairnException e) {
      assertThat(e.error().name()).as(e.getMessage())
          .isIn("Invalid_snapshot_member", "Cannot_read", "Not_a_snapshot");
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }

  private static byte[] archive(FuzzedDataProvider data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      int members = data.consumeInt(0, NAMES.size());
      for (int i = 0; i < members; i++) {
        byte[] content = data.consumeBytes(data.consumeInt(0, 64));
        byte[] pax = paxRecords(data);
        if (pax.length > 0) { // an extended header before the member, as the writer makes one
          TarArchiveEntry header = new TarArchiveEntry("./PaxHeaders/" + i,
              TarConstants.LF_PAX_EXTENDED_HEADER_LC);
          header.setSize(pax.length);
          tar.putArchiveEntry(header);
          tar.write(pax);
          tar.closeArchiveEntry();
        }
        TarArchiveEntry entry = new TarArchiveEntry(NAMES.get(i), true);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return bytes.toByteArray();
  }

  /** PAX records {@code "<length> <key>=<value>\\n"}, their lengths right or, sometimes, not. */
  private static byte[] paxRecords(FuzzedDataProvider data) {
    StringBuilder records = new StringBuilder();
    int count = data.consumeInt(0, 3);
    for (int k = 0; k < count; k++) {
      String body = " " + data.pickValue(PAX_KEYS) + "=" + data.consumeString(40) + "\n";
      int length = body.getBytes(StandardCharsets.UTF_8).length;
      int digits = Integer.toString(length).length();
      int declared = Integer.toString(length + digits).length() + length;
      records.append(data.consumeBoolean() ? declared : data.consumeInt(-2, 1 << 20))
          .append(body);
    }
    return records.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
    }
    return total;
  }
}
