package dev.cairn.context.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.store.hash.ContextHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer in another JVM commits and collects garbage in a loop and is killed with SIGKILL at a
 * random moment, most often during a collection. The context must then open, with no scratch left,
 * and the three commits the collection was keeping must be whole: every object present and hashing
 * to its key. The seed is printed and can be replayed with {@code -Dcairn.crash.seed=N}.
 */
class GcCrashTest {

  private static final int TRIALS = 10;

  @Test
  void aCollectionKilledAtAnyMomentLeavesTheKeptCommitsWhole(@TempDir Path tmp)
      throws IOException, InterruptedException {
    long seed = Long.getLong("cairn.crash.seed", System.nanoTime());
    System.out.println("GcCrashTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = tmp.resolve("context");
    Path log = tmp.resolve("child.log");
    String start = "none";
    int collectionsSeen = 0;
    for (int trial = 1; trial <= TRIALS; trial++) {
      String at = "seed " + seed + ", trial " + trial;
      int gcsBeforeKill = 1 + random.nextInt(3);
      Process writer = GcChildProcess.start(log, dir.toString(), Long.toString(seed + trial),
          start);
      ArrayDeque<ContextHash> recent = new ArrayDeque<>();
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
        int gcs = 0;
        while (gcs < gcsBeforeKill) {
          String line = lines.readLine();
          if (line == null) {
            fail(at + ": the writer stopped: " + Files.readString(log));
          } else if (line.equals("gc")) {
            gcs++;
          } else {
            recent.add(ContextHash.parse(line.substring("commit ".length())));
            while (recent.size() > GcChildProcess.KEPT) {
              recent.removeFirst();
            }
          }
        }
        // Kill somewhere in the collection that just started (it takes some tens of ms) or just
        // after it; nothing waits on this delay to synchronise.
        LockSupport.parkNanos(random.nextLong(60_000_000));
        writer.destroyForcibly();
        collectionsSeen += gcs;
      }
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as(at).isTrue();

      try (LmdbContext context = LmdbContext.open(dir)) {
        assertThat(dir.resolve("scratch")).as(at).doesNotExist();
        for (ContextHash kept : recent) {
          assertThat(context.contains(kept)).as(at + ", commit " + kept).isTrue();
          assertThat(context.verify(kept)).as(at).isGreaterThan(1_000);
          assertThat(context.checkout(kept).list(List.of("big"))).as(at).hasSizeGreaterThan(15_000);
        }
      }
      start = recent.getLast().toString();
    }
    assertThat(collectionsSeen).isGreaterThanOrEqualTo(TRIALS);
  }
}
