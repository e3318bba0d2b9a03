package dev.cairn.snapshot.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.cairn.error.CairnException;
import dev.cairn.testsupport.surgery.SnapshotParts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bound on decompression (DESIGN §12): a bomb is refused, real data passes. */
class ExpansionGuardTest {

  @TempDir
  Path dir;

  private static InputStream guarded(InputStream compressed) throws IOException {
    ExpansionGuard.Counted counted = new ExpansionGuard.Counted(compressed);
    return new ExpansionGuard(new ZstdInputStream(counted), counted);
  }

  @Test
  void aStreamThatExpandsWithoutBoundIsRefusedEarly() throws IOException {
    Path bomb = dir.resolve("bomb.zst");
    SnapshotParts.zstdOfZeros(bomb, 1L << 30);
    assertThat(Files.size(bomb)).isLessThan(1 << 20);
    byte[] buffer = new byte[1 << 16];
    long[] read = {0};
    try (InputStream in = guarded(Files.newInputStream(bomb))) {
      assertThatThrownBy(() -> {
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          read[0] += n;
        }
      }).isInstanceOfSatisfying(CairnException.class, e ->
          assertThat(e.error().name()).isEqualTo("Invalid_snapshot_member"));
    }
    assertThat(read[0]).isLessThan(ExpansionGuard.MARGIN + (1 << 20));
  }

  @Test
  void dataThatCompressesAsRealDataDoesPasses() throws IOException {
    byte[] data = new byte[8 << 20];
    new Random(7).nextBytes(data);
    for (int i = 0; i < data.length; i += 4) {
      data[i] = 0; // compressible, as encodings with many small integers are
    }
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (ZstdOutputStream out = new ZstdOutputStream(compressed, 1)) {
      out.write(data);
    }
    try (InputStream in = guarded(new ByteArrayInputStream(compressed.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }
}
