package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Markers at chosen heads, written out by hand (8 blocks per cycle, 1 preservation cycle,
 * max_operations_ttl 8): the numbers a node operator would work out from DESIGN section 4.
 */
class BlockStoreMarkersTest {

  @ParameterizedTest(name = "{0} at head {1}")
  @CsvSource({
      // mode,   head, checkpoint, cemented, savepoint, caboose
      "archive,   40, 38, 32,  0,  0",
      "full:0,    40, 38, 32, 25,  0",
      "full:1,    40, 38, 32, 17,  0",
      "rolling:0, 40, 38, 32, 25, 17",
      "rolling:1, 40, 38, 32, 17,  9",
      "full:0,    10,  8,  8,  0,  0",
      "rolling:0, 18, 16, 16,  9,  1",
      "rolling:0, 17, 15,  8,  0,  0",
      "rolling:1, 50, 48, 48, 33, 25",
      "full:2,    50, 48, 48, 25,  0",
  })
  void markersAtAChosenHead(String mode, int head, int checkpoint, int cemented, int savepoint,
      int caboose, @TempDir Path dir) {
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.parse(mode), 7)) {
      driver.advance(head);
      Markers markers = driver.store.markers();
      assertThat(markers.head().level()).isEqualTo(head);
      assertThat(markers.checkpoint().level()).isEqualTo(checkpoint);
      assertThat(driver.store.cementedHighestLevel()).isEqualTo(cemented);
      assertThat(markers.savepoint().level()).isEqualTo(savepoint);
      assertThat(markers.caboose().level()).isEqualTo(caboose);
      assertThat(driver.store.check()).isEmpty();
    }
  }
}
