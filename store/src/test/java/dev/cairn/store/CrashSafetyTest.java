package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.store.datadir.DataDir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A writer in another JVM appends and cements (4 blocks per cycle, so cementing and GC happen every
 * few blocks) and is killed with SIGKILL at a random moment; the store must then open and check
 * clean, with every head it reported still there. Eight kills per history mode, each resuming the
 * same store; the seed is printed and can be replayed with {@code -Dcairn.crash.seed=N}.
 */
class CrashSafetyTest {

  private static final int TRIALS_PER_MODE = 8;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"archive", "full:0", "rolling:0"})
  void aWriterKilledAtAnyMomentLeavesAStoreThatChecksClean(String mode, @TempDir Path tmp)
      throws IOException, InterruptedException {
    long seed = Long.getLong("cairn.crash.seed", System.nanoTime());
    System.out.println("CrashSafetyTest " + mode + " seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = tmp.resolve("data");
    Path log = tmp.resolve("child.log");
    int acknowledged = 0;
    for (int trial = 1; trial <= TRIALS_PER_MODE; trial++) {
      String at = "seed " + seed + ", " + mode + ", trial " + trial;
      int target = acknowledged + 1 + random.nextInt(24);
      Process writer = StoreChildProcess.start(log, "write", dir.toString(), mode,
          Long.toString(seed));
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
        int head = -1;
        while (head < target) {
          String line = lines.readLine();
          if (line == null) {
            fail(at + ": the writer stopped before level " + target + ": "
                + Files.readString(log));
          }
          head = Integer.parseInt(line.substring("head ".length()));
        }
        writer.destroyForcibly(); // SIGKILL, while the writer is in the middle of its next block
        acknowledged = head;
      }
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as(at).isTrue();

      try (BlockStore store = BlockStore.open(DataDir.at(dir))) {
        assertThat(store.check()).as(at).isEmpty();
        assertThat(store.markers().head().level()).as(at).isGreaterThanOrEqualTo(acknowledged);
        acknowledged = store.markers().head().level();
      }
      try (var leftovers = Files.walk(dir)) {
        assertThat(leftovers.filter(p -> p.toString().endsWith(".part"))).as(at).isEmpty();
      }
    }
  }
}
