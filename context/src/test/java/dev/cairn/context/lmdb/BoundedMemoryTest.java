package dev.cairn.context.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextTree;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.store.hash.ContextHash;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
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
 * And a restore of a dump of the largest objects a dump may hold (16 MiB values, 160 MB in all) in a
 * 128 MB heap: what the restore keeps in flight is bounded in bytes, not only in objects.
 */
class BoundedMemoryTest {

  @Test
  void aDumpOfTheLargestValuesRestoresInABoundedHeap(@TempDir Path tmp) throws Exception {
    Random random = new Random(9);
    List<byte[]> objects = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      byte[] value = new byte[ObjectCodec.MAX_BLOB_BYTES];
      random.nextBytes(value);
      byte[] blob = ObjectCodec.encodeBlob(value);
      objects.add(blob);
      entries.add(new Entry("v" + i,
          EntryKind.BLOB,
          ObjectHash.ofEncoding(blob)));
    }
    byte[] leaf = ObjectCodec.encodeLeaf(entries);
    objects.add(leaf);
    byte[] commit = ObjectCodec.encodeCommit(
        new ContextObject.Commit(
            ObjectHash.ofEncoding(leaf), List.of(), 0, ""));
    objects.add(commit);
    Path dump = tmp.resolve("dump");
    try (var out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(dump)))) {
      out.writeLong(objects.size());
      for (byte[] object : objects) {
        out.writeInt(object.length);
        out.write(object);
      }
    }
    String expected = ObjectHash.ofEncoding(commit).asContextHash()
        .toString();
    assertThat(runChild(tmp, "-Xmx128m", RestoreChild.class, dump.toString(),
        tmp.resolve("restored").toString(), expected)).isEqualTo(expected);
  }

  private static String runChild(Path tmp, String heap, Class<?> main, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), heap,
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Path log = tmp.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String out = new String(child.getInputStream().readNBytes(4096), StandardCharsets.US_ASCII);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(log)).isZero();
    return out.strip();
  }

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
    assertThat(runChild(tmp, "-Xmx64m", BoundedMemoryChild.class, source.toString(),
        commit.toString(), tmp.resolve("dump").toString(), tmp.resolve("restored").toString()))
        .isEqualTo(commit.toString());
    assertThat(Files.size(tmp.resolve("dump"))).isGreaterThan(150L << 20);
  }
}
