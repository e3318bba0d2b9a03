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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A writer in another JVM appends and cements (4 blocks per cycle, so cementing and GC happen every
 * few blocks) and is killed with SIGKILL at a random moment; the store must then open and check
 * clean, with every head it reported still there. Twelve kills per history mode, each resuming the
 * same store; half of them are aimed at cementing, which starts when the head passes a cycle's end
 * by two (so right after the writer reports a level ≡ 1 mod 4). The seed is printed and can be
 * replayed with {@code -Dcairn.crash.seed=N}.
 */
class CrashSafetyTest {

  private static final int TRIALS_PER_MODE = 12;

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
      if (random.nextBoolean()) {
        int cycle = StoreChildProcess.BLOCKS_PER_CYCLE;
        target += Math.floorMod(1 - target, cycle); // the writer is about to cement
      }
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
        // A random delay of up to 4 ms (a cementing step takes about that) decides where in the
        // writer's next steps the SIGKILL lands; nothing waits on it to synchronise.
        LockSupport.parkNanos(random.nextLong(4_000_000));
        writer.destroyForcibly();
        acknowledged = head;
      }
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as(at).isTrue();

      try (BlockWriter store = BlockWriter.open(DataDir.at(dir))) {
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
