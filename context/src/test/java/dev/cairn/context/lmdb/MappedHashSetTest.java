package dev.cairn.context.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mapped set answers as a plain set does, through growth, and leaves no file behind. */
class MappedHashSetTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void behavesAsASetThroughSeveralGrowths(long seed) throws Exception {
    Random random = new Random(seed);
    Set<String> model = new HashSet<>();
    try (MappedHashSet set = MappedHashSet.create(dir)) {
      for (int i = 0; i < 300_000; i++) {
        byte[] hash = new byte[32];
        if (random.nextInt(4) == 0 && !model.isEmpty()) {
          hash = HexFormat.of().parseHex(model.iterator().next());
        } else if (random.nextInt(50_000) == 0) {
          hash = new byte[32];
        } else {
          random.nextBytes(hash);
          if (random.nextInt(100) == 0) { // the same first slot for some, so probes chain and wrap
            java.util.Arrays.fill(hash, 0, 8, (byte) 0xff);
            hash[7] = (byte) (0xf8 | random.nextInt(8));
          }
        }
        String key = HexFormat.of().formatHex(hash);
        assertThat(set.contains(hash)).as("seed %d, step %d", seed, i)
            .isEqualTo(model.contains(key));
        assertThat(set.add(hash)).as("seed %d, step %d", seed, i).isEqualTo(model.add(key));
      }
      assertThat(set.size() + (model.contains("00".repeat(32)) ? 1 : 0)).isEqualTo(model.size());
    }
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
