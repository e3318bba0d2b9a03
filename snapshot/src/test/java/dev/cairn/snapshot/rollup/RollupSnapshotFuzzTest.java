package dev.cairn.snapshot.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import dev.cairn.rollup.L2Level;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Jazzer targets on the two parsers of a rollup snapshot's own members: {@code metadata.json}
 * and the {@code l2_levels} stream. Any input either reads (and then encodes back to what was
 * read) or is refused with a typed error; nothing else escapes, and no length in the input is
 * allocated before it is checked. The committed corpus replays in every build; {@code
 * JAZZER_FUZZ=1 mvn -pl snapshot test -Dtest=RollupSnapshotFuzzTest} fuzzes.
 */
class RollupSnapshotFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void levels(byte[] input) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(input));
    int offset = 0;
    try {
      for (Optional<L2Level> level = L2Level.readFrom(in, "fuzz"); level.isPresent();
          level = L2Level.readFrom(in, "fuzz")) {
        byte[] encoded = level.get().encode();
        assertThat(Arrays.copyOfRange(input, offset, offset + encoded.length))
            .isEqualTo(encoded);
        offset += encoded.length;
      }
      assertThat(offset).isEqualTo(input.length);
    } catch (CairnException refused) {
      assertThat(refused.error().name()).isEqualTo("Malformed_encoding");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void metadata(byte[] input) {
    try {
      RollupSnapshotMetadata metadata = RollupSnapshotMetadata.read(
          new ByteArrayInputStream(input), input.length);
      byte[] encoded = metadata.encode();
      assertThat(RollupSnapshotMetadata.read(new ByteArrayInputStream(encoded), encoded.length))
          .isEqualTo(metadata);
    } catch (CairnException refused) {
      assertThat(refused.error().name()).isIn("Cannot_read", "Not_a_snapshot");
    }
  }
}
