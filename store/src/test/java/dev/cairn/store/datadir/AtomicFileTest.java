package dev.cairn.store.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  @Test
  void aCommittedFileReplacesTheOldOneWhole(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("markers");
    AtomicFile.write(target, "old".getBytes(StandardCharsets.US_ASCII));
    AtomicFile.write(target, "new".getBytes(StandardCharsets.US_ASCII));
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(dir.resolve("markers.part")).doesNotExist();
  }

  @Test
  void closingWithoutCommitLeavesTheTargetAsItWasAndNoPartFile(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("cycle");
    AtomicFile.write(target, "kept".getBytes(StandardCharsets.US_ASCII));
    try (AtomicFile file = AtomicFile.create(target)) {
      file.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.US_ASCII)));
      assertThat(dir.resolve("cycle.part")).exists();
    }
    assertThat(Files.readString(target)).isEqualTo("kept");
    assertThat(dir.resolve("cycle.part")).doesNotExist();
  }
}
