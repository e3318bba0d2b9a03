package dev.cairn.context.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextTree;
import dev.cairn.store.hash.ContextHash;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dump, restore, verify and GC of a context whose dump (about 160 MB) is more than twice the heap
 * they run in (64 MB, in a child JVM): nothing of the size of the context may be held on the heap.
 */
class BoundedMemoryTest {

  @Test
  void aContextLargerThanTheHeapDumpsRestoresAndCollects(@TempDir Path tmp) throws Exception {
    Path source = tmp.resolve("source");
    ContextHash commit;
    Random random = new Random(5);
    try (LmdbContext context = LmdbContext.open(source)) {
      ContextTree tree = context.emptyTree();
      ContextHash parent = null;
      for (int i = 0; i < 150_000; i++) {
        byte[] value = new byte[1024];
        random.nextBytes(value);
        tree.set(List.of("big", "k" + i, "v"), value);
        if ((i + 1) % 50_000 == 0) {
          parent = tree.commit(new CommitInfo(parent == null ? List.of() : List.of(parent), i, ""));
        }
      }
      commit = parent;
    }
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), BoundedMemoryChild.class.getName(),
        source.toString(), commit.toString(), tmp.resolve("dump").toString(),
        tmp.resolve("restored").toString()));
    Path log = tmp.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(log)).isZero();
    assertThat(out.strip()).isEqualTo(commit.toString());
    assertThat(Files.size(tmp.resolve("dump"))).isGreaterThan(150L << 20);
  }
}
