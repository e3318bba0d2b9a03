package dev.cairn.context.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mapped table answers as a plain map does, through growth, and leaves no file behind. */
class MappedHashTableTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void behavesAsAMapThroughSeveralGrowths(long seed) throws Exception {
    Random random = new Random(seed);
    Map<String, byte[]> model = new HashMap<>();
    String someKey = null;
    // Told to make room at some step (the first, or with entries in it), for fewer entries than
    // come or more: it must answer the same either way.
    int presizeAt = seed == 1 ? 0 : random.nextInt(200_000);
    long presizeTo = random.nextInt(600_000);
    try (MappedHashTable table = MappedHashTable.create(dir, 5)) {
      for (int i = 0; i < 300_000; i++) {
        if (i == presizeAt) {
          table.presize(presizeTo);
        }
        byte[] hash = new byte[32];
        if (random.nextInt(4) == 0 && someKey != null) {
          hash = HexFormat.of().parseHex(someKey);
        } else {
          random.nextBytes(hash);
          if (random.nextInt(100) == 0) { // the same first slot for some, so probes chain and wrap
            Arrays.fill(hash, 0, 8, (byte) 0xff);
            hash[7] = (byte) (0xf8 | random.nextInt(8));
          }
        }
        String key = HexFormat.of().formatHex(hash);
        if (random.nextInt(1000) == 0) {
          someKey = key;
        }
        byte[] value = new byte[5];
        random.nextBytes(value);
        String at = "seed " + seed + ", step " + i;
        assertThat(table.contains(hash)).as(at).isEqualTo(model.containsKey(key));
        assertThat(table.insert(hash, value)).as(at).isEqualTo(!model.containsKey(key));
        model.putIfAbsent(key, value);
        byte[] stored = new byte[5];
        assertThat(table.get(hash, stored)).as(at).isTrue();
        assertThat(stored).as(at).isEqualTo(model.get(key));
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void theAllZeroHashMarksEmptySlotsAndIsRefused() {
    try (MappedHashTable set = MappedHashTable.createSet(dir)) {
      assertThat(set.contains(new byte[32])).isFalse();
      assertThatThrownBy(() -> set.add(new byte[32]))
          .isInstanceOfSatisfying(CairnException.class,
              e -> assertThat(e.error().name()).isEqualTo("Inconsistent_context"));
    }
  }
}
