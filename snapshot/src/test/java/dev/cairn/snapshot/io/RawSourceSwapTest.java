package dev.cairn.snapshot.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cairn.error.CairnException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Raw member swapped after the listing: what is opened is checked, not what was listed. */
class RawSourceSwapTest {

  @TempDir
  Path dir;

  private Path raw() throws Exception {
    Path raw = Files.createDirectory(dir.resolve("raw"));
    Files.writeString(raw.resolve("snapshot_version.json"), "{\"version\": 1}\n");
    Files.writeString(raw.resolve("metadata.json"), "{}");
    return raw;
  }

  @Test
  void aMemberSwappedForAFifoIsRefusedNotWaitedOn() throws Exception {
    Path raw = raw();
    try (RawSource source = new RawSource(raw)) {
      Files.delete(raw.resolve("snapshot_version.json"));
      Process mkfifo = new ProcessBuilder("mkfifo", raw.resolve("snapshot_version.json")
          .toString()).start();
      assertThat(mkfifo.waitFor()).isZero();
      assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
          assertThatThrownBy(source::next).isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Invalid_snapshot_member");
            assertThat(e.error().details()).contains("not a plain file");
          }));
    }
  }

  @Test
  void aMemberSwappedForALinkIsRefused() throws Exception {
    Path raw = raw();
    Path elsewhere = Files.writeString(dir.resolve("secret"), "not a member",
        StandardCharsets.US_ASCII);
    try (RawSource source = new RawSource(raw)) {
      Files.delete(raw.resolve("snapshot_version.json"));
      Files.createSymbolicLink(raw.resolve("snapshot_version.json"), elsewhere);
      assertThatThrownBy(source::next).isInstanceOfSatisfying(CairnException.class, e ->
          assertThat(e.error().name()).isEqualTo("Invalid_snapshot_member"));
    }
  }

  @Test
  void anUnchangedMemberReadsAsListed() throws Exception {
    try (RawSource source = new RawSource(raw())) {
      SnapshotSource.Member version = source.next().orElseThrow();
      assertThat(new String(version.in().readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("{\"version\": 1}\n");
    }
  }
}
