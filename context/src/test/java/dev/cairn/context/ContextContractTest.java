package dev.cairn.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ContextHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The context contract; each implementation runs it through a subclass. */
abstract class ContextContractTest {

  @TempDir
  Path dir;

  Context context;

  abstract Context open(Path dir);

  @BeforeEach
  void openContext() {
    context = open(dir.resolve("context"));
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static CommitInfo info(int n) {
    return CommitInfo.initial(1_700_000_000L + n, "commit " + n);
  }

  @Test
  void valuesReadBackAndDirectoriesListInStepOrder() {
    ContextTree tree = context.emptyTree();
    tree.set(List.of("contracts", "tz1b", "balance"), text("10"));
    tree.set(List.of("contracts", "tz1a", "balance"), text("20"));
    tree.set(List.of("contracts", "é"), text("accent"));
    tree.set(List.of("contracts", "z"), text("last ascii"));
    tree.set(List.of("version"), text("1"));

    assertThat(tree.find(List.of("contracts", "tz1a", "balance"))).hasValue(text("20"));
    assertThat(tree.find(List.of("contracts", "tz1a"))).isEmpty();
    assertThat(tree.find(List.of("missing", "path"))).isEmpty();
    assertThat(tree.list(List.of())).containsExactly("contracts", "version");
    assertThat(tree.list(List.of("contracts"))).containsExactly("tz1a", "tz1b", "z", "é");
    assertThat(tree.isDirectory(List.of("contracts", "tz1a"))).isTrue();
    assertThat(tree.isDirectory(List.of("version"))).isFalse();

    ContextHash hash = tree.commit(info(1));
    assertThat(context.contains(hash)).isTrue();
    ContextTree again = context.checkout(hash);
    assertThat(Contents.of(again)).isEqualTo(Contents.of(tree));
    assertThat(again.find(List.of("contracts", "é"))).hasValue(text("accent"));
  }

  @Test
  void setReplacesValuesOnTheWayAndWholeSubtrees() {
    ContextTree tree = context.emptyTree();
    tree.set(List.of("a"), text("value"));
    tree.set(List.of("a", "b"), text("below"));
    assertThat(tree.find(List.of("a"))).isEmpty();
    assertThat(tree.find(List.of("a", "b"))).hasValue(text("below"));

    tree.set(List.of("a"), text("value again"));
    assertThat(tree.isDirectory(List.of("a"))).isFalse();
    assertThat(tree.find(List.of("a", "b"))).isEmpty();
    assertThat(Contents.of(tree)).containsOnlyKeys(List.of("a"));
  }

  @Test
  void removeTakesValuesOrSubtreesAndEmptyDirectoriesDisappear() {
    ContextTree tree = context.emptyTree();
    tree.set(List.of("a", "b", "c"), text("1"));
    tree.set(List.of("a", "d"), text("2"));
    tree.remove(List.of("a", "b", "c"));
    assertThat(tree.list(List.of("a"))).containsExactly("d");
    assertThat(tree.isDirectory(List.of("a", "b"))).isFalse();

    tree.remove(List.of("a", "d"));
    assertThat(tree.list(List.of())).isEmpty();
    tree.remove(List.of("never", "there"));
    ContextHash emptied = tree.commit(info(1));
    assertThat(emptied).isEqualTo(context.emptyTree().commit(info(1)));

    tree.set(List.of("x", "y"), text("3"));
    tree.remove(List.of());
    assertThat(tree.commit(info(1))).isEqualTo(emptied);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void sameContentsInAnyWriteOrderGiveTheSameHash(long seed) {
    Random random = new Random(seed);
    Map<List<String>, byte[]> values = new LinkedHashMap<>();
    for (int i = 0; i < 400; i++) {
      values.put(List.of(random.nextInt(3) == 0 ? "big" : "d" + random.nextInt(5),
          "k" + random.nextInt(200)), text("v" + random.nextInt(7)));
    }
    List<Map.Entry<List<String>, byte[]>> order = new ArrayList<>(values.entrySet());
    ContextTree forward = context.emptyTree();
    order.forEach(e -> forward.set(e.getKey(), e.getValue()));

    Collections.shuffle(order, random);
    ContextTree shuffled = context.emptyTree();
    List<List<String>> noise = new ArrayList<>();
    for (Map.Entry<List<String>, byte[]> e : order) {
      List<String> extra = List.of(e.getKey().get(0), "noise" + random.nextInt(500));
      noise.add(extra);
      shuffled.set(extra, text("noise"));
      shuffled.set(e.getKey(), text("overwritten"));
      shuffled.set(e.getKey(), e.getValue());
    }
    Collections.shuffle(noise, random);
    noise.forEach(shuffled::remove);
    order.forEach(e -> shuffled.set(e.getKey(), e.getValue()));

    assertThat(shuffled.commit(info(0)))
        .as("seed %d", seed)
        .isEqualTo(forward.commit(info(0)));
  }

  @Test
  void aLargeDirectorySplitsAndCollapsesToTheShapeOfItsContents() {
    Random random = new Random(42);
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      steps.add("tz1" + Long.toHexString(random.nextLong()));
    }
    ContextTree sorted = context.emptyTree();
    steps.stream().sorted().forEach(s -> sorted.set(List.of("contracts", s), text(s)));
    ContextTree shuffled = context.emptyTree();
    List<String> order = new ArrayList<>(steps);
    Collections.shuffle(order, random);
    order.forEach(s -> shuffled.set(List.of("contracts", s), text(s)));
    ContextHash big = sorted.commit(info(1));
    assertThat(shuffled.commit(info(1))).isEqualTo(big);

    ContextTree shrinking = context.checkout(big);
    for (String step : order.subList(0, steps.size() - 20)) {
      shrinking.remove(List.of("contracts", step));
    }
    ContextTree small = context.emptyTree();
    order.subList(steps.size() - 20, steps.size())
        .forEach(s -> small.set(List.of("contracts", s), text(s)));
    assertThat(shrinking.commit(info(2))).isEqualTo(small.commit(info(2)));
    assertThat(context.checkout(big).list(List.of("contracts"))).hasSize(3000);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void checkoutOfOldCommitsSeesTheirOldValues(long seed) {
    ContextTree tree = context.emptyTree();
    Map<ContextHash, Map<List<String>, Bytes>> seen = new LinkedHashMap<>();
    ContextHash parent = null;
    int n = 0;
    for (RandomScript.Op op : RandomScript.generate(seed, 600)) {
      if (op instanceof RandomScript.Set set) {
        tree.set(set.path(), set.value());
      } else if (op instanceof RandomScript.Remove remove) {
        tree.remove(remove.path());
      } else {
        CommitInfo commitInfo = new CommitInfo(parent == null ? List.of() : List.of(parent),
            1_700_000_000L + n, "block " + n++);
        Map<List<String>, Bytes> before = Contents.of(tree);
        parent = tree.commit(commitInfo);
        seen.put(parent, before);
        assertThat(Contents.of(tree)).as("seed %d", seed).isEqualTo(before);
      }
    }
    for (Map.Entry<ContextHash, Map<List<String>, Bytes>> commit : seen.entrySet()) {
      assertThat(Contents.of(context.checkout(commit.getKey())))
          .as("seed %d, commit %s", seed, commit.getKey())
          .isEqualTo(commit.getValue());
    }
  }

  @Test
  void garbageCollectionKeepsTheKeptCommitsWholeAndDropsTheRest() {
    List<ContextHash> commits = new ArrayList<>();
    List<Map<List<String>, Bytes>> contents = new ArrayList<>();
    ContextTree tree = context.emptyTree();
    for (int i = 0; i < 6; i++) {
      for (int k = 0; k < 40; k++) {
        tree.set(List.of("big", "k" + (i * 13 + k) % 90), text("v" + i));
      }
      tree.remove(List.of("big", "k" + i));
      contents.add(Contents.of(tree));
      commits.add(tree.commit(info(i)));
    }
    Context.GcSummary first = context.collectGarbage(commits.subList(3, 6));
    assertThat(first.deleted()).isPositive();
    for (int i = 0; i < 6; i++) {
      assertThat(context.contains(commits.get(i))).isEqualTo(i >= 3);
    }
    for (int i = 3; i < 6; i++) {
      assertThat(Contents.of(context.checkout(commits.get(i)))).isEqualTo(contents.get(i));
    }
    Context.GcSummary again = context.collectGarbage(commits.subList(3, 6));
    assertThat(again).isEqualTo(new Context.GcSummary(first.reachable(), 0));
    assertThatThrownBy(() -> context.checkout(commits.get(0)))
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Cannot_checkout_context"));
  }

  @Test
  void aDumpIsTheSameBytesEachTimeAndAsLongAsAnnounced() {
    ContextTree tree = context.emptyTree();
    for (RandomScript.Op op : RandomScript.generate(99, 300)) {
      if (op instanceof RandomScript.Set set) {
        tree.set(set.path(), set.value());
      }
    }
    ContextHash hash = tree.commit(info(1));
    byte[] first = dump(context, hash);
    byte[] second = dump(context, hash);
    assertThat(second).isEqualTo(first);
    try (ContextDump dump = context.openDump(hash)) {
      assertThat(dump.byteLength()).isEqualTo(first.length);
      assertThat(ByteBuffer.wrap(first).getLong()).isEqualTo(dump.objectCount());
    }
  }

  static byte[] dump(Context context, ContextHash hash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ContextDump dump = context.openDump(hash)) {
      dump.writeTo(out, Progress.NONE);
    }
    return out.toByteArray();
  }

  @Test
  void aDumpReadAsAStreamIsTheBytesItWrites() throws Exception {
    ContextHash hash = populated();
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    try (ContextDump dump = context.openDump(hash)) {
      dump.writeTo(written, Progress.NONE);
    }
    try (ContextDump dump = context.openDump(hash);
        java.io.InputStream in = dump.read()) {
      byte[] read = in.readAllBytes();
      assertThat(read).isEqualTo(written.toByteArray());
      assertThat((long) read.length).isEqualTo(dump.byteLength());
    }
  }

  @Test
  void hashPredictsTheCommitWithoutWritingIt() {
    ContextTree tree = context.emptyTree();
    tree.set(List.of("accounts", "a", "balance"), text("10"));
    ContextHash first = tree.commit(info(1));
    long written = context.objectsWritten();
    assertThat(written).isPositive();

    tree.set(List.of("accounts", "b", "balance"), text("20"));
    ContextHash predicted = tree.hash(info(2));
    assertThat(context.contains(predicted)).isFalse();
    assertThat(context.objectsWritten()).isEqualTo(written);
    assertThat(tree.hash(info(2))).isEqualTo(predicted);
    assertThat(tree.hash(info(3))).isNotEqualTo(predicted);

    assertThat(tree.commit(info(2))).isEqualTo(predicted);
    assertThat(context.contains(predicted)).isTrue();
    assertThat(context.objectsWritten()).isGreaterThan(written);
    context.sync();
    assertThat(Contents.of(context.checkout(predicted))).isEqualTo(Contents.of(tree));
    assertThat(context.checkout(first).find(List.of("accounts", "b", "balance"))).isEmpty();
  }

  @Test
  void committingTheSameStateAgainWritesNoObject() {
    ContextTree tree = context.emptyTree();
    tree.set(List.of("x", "y"), text("1"));
    ContextHash hash = tree.commit(info(1));
    long written = context.objectsWritten();
    ContextTree again = context.emptyTree();
    again.set(List.of("x", "y"), text("1"));
    assertThat(again.commit(info(1))).isEqualTo(hash);
    assertThat(context.objectsWritten()).isEqualTo(written);
  }

  // ---- dump and restore: exactly what a snapshot uses ----

  /** A state of a few hundred values, with directories large enough to need inodes. */
  private ContextHash populated() {
    ContextTree tree = context.emptyTree();
    for (RandomScript.Op op : RandomScript.generate(7, 400)) {
      if (op instanceof RandomScript.Set set) {
        tree.set(set.path(), set.value());
      }
    }
    for (int i = 0; i < 80; i++) {
      tree.set(List.of("wide", "entry" + i), text(Integer.toString(i)));
    }
    return tree.commit(info(1));
  }

  /** Records what a piece of work reports; cancels once {@code cancelAfter} items are done. */
  static final class RecordedProgress implements Progress {
    final List<String> phases = new ArrayList<>();
    long done;
    long bytes;
    private final long cancelAfter;

    RecordedProgress(long cancelAfter) {
      this.cancelAfter = cancelAfter;
    }

    @Override
    public void phase(String name, long total) {
      phases.add(name);
    }

    @Override
    public void advance(long count) {
      done = count;
    }

    @Override
    public void bytes(long count) {
      bytes = count;
    }

    @Override
    public boolean cancelled() {
      return done >= cancelAfter;
    }
  }

  private Context fresh() {
    return open(dir.resolve("restored"));
  }

  @Test
  void aDumpRestoresIntoAnEmptyContextWithTheSameValuesAndBytes() {
    ContextHash hash = populated();
    RecordedProgress dumped = new RecordedProgress(Long.MAX_VALUE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long objects;
    try (ContextDump dump = context.openDump(hash, dumped)) {
      objects = dump.objectCount();
      dump.writeTo(out, dumped);
    }
    byte[] bytes = out.toByteArray();
    assertThat(dumped.done).isEqualTo(objects);
    assertThat(dumped.bytes).isEqualTo(bytes.length);
    try (Context restored = fresh()) {
      RecordedProgress progress = new RecordedProgress(Long.MAX_VALUE);
      assertThat(restored.restore(new ByteArrayInputStream(bytes), bytes.length, hash,
          progress)).isEqualTo(hash);
      assertThat(progress.done).isEqualTo(objects);
      assertThat(Contents.of(restored.checkout(hash)))
          .isEqualTo(Contents.of(context.checkout(hash)));
      assertThat(dump(restored, hash)).isEqualTo(bytes);
    }
  }

  /**
   * A dump of several commits (a rollup's states): its objects are exactly the union of the
   * single dumps' (each once), each commit comes in order, and it restores into an empty context
   * holding every commit with its values. Commits that share most of their trees, as a rollup's
   * successive states do.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void aDumpOfSeveralCommitsHoldsEachObjectOnceAndRestoresThemAll(long seed) {
    Random random = new Random(seed);
    ContextTree tree = context.emptyTree();
    List<ContextHash> commits = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      for (int change = 0; change < 1 + random.nextInt(40); change++) {
        List<String> path = List.of("vars", "v" + random.nextInt(60));
        if (random.nextInt(5) == 0) {
          tree.remove(path);
        } else {
          tree.set(path, text(Integer.toString(random.nextInt(4))));
        }
      }
      tree.set(List.of("tick"), text(Integer.toString(n)));
      commits.add(tree.commit(CommitInfo.initial(0, "")));
    }
    java.util.Set<Bytes> union = new java.util.HashSet<>();
    for (ContextHash commit : commits) {
      DumpFrames.split(dump(context, commit)).forEach(frame -> union.add(Bytes.copyOf(frame)));
    }
    byte[] bytes;
    try (ContextDump dump = context.openDump(commits, Progress.NONE)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      dump.writeTo(out, Progress.NONE);
      bytes = out.toByteArray();
      assertThat(bytes).hasSize((int) dump.byteLength());
      assertThat(dump.objectCount()).isEqualTo(union.size());
    }
    List<byte[]> frames = DumpFrames.split(bytes);
    assertThat(frames.stream().map(Bytes::copyOf).distinct().count()).isEqualTo(frames.size());
    assertThat(frames.stream().map(Bytes::copyOf).collect(java.util.stream.Collectors.toSet()))
        .isEqualTo(union);
    try (Context restored = fresh()) {
      restored.restore(new ByteArrayInputStream(bytes), bytes.length, commits, Progress.NONE);
      for (ContextHash commit : commits) {
        assertThat(Contents.of(restored.checkout(commit)))
            .isEqualTo(Contents.of(context.checkout(commit)));
      }
    }
    List<ContextHash> reordered = new ArrayList<>(commits);
    Collections.swap(reordered, 1, 2);
    List<ContextHash> fewer = commits.subList(0, commits.size() - 1);
    List<ContextHash> more = new ArrayList<>(commits);
    more.add(ContextHash.of(new byte[32]));
    int attempt = 0;
    for (List<ContextHash> wrong : List.of(reordered, fewer, more)) {
      try (Context restored = open(dir.resolve("wrong-" + attempt++))) {
        Throwable thrown = catchThrowable(() -> restored.restore(
            new ByteArrayInputStream(bytes), bytes.length, wrong, Progress.NONE));
        assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isIn("Inconsistent_context",
                "Inconsistent_context_hash"));
        assertThat(restored.contains(commits.get(0))).isFalse();
      }
    }
  }

  @Test
  void aRestoreThatFailsLeavesTheContextEmpty() {
    ContextHash hash = populated();
    byte[] bytes = dump(context, hash);
    ContextHash other = ContextHash.of(new byte[32]);
    try (Context restored = fresh()) {
      assertThat(restoreFailure(restored, bytes, other)).isEqualTo("Inconsistent_context_hash");
      assertThat(restoreFailure(restored, Arrays.copyOf(bytes, bytes.length / 2), hash))
          .isEqualTo("Malformed_dump");
      byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
      assertThat(restoreFailure(restored, trailing, hash)).isEqualTo("Malformed_dump");
      assertThat(restored.contains(hash)).isFalse();
      assertThat(restored.restore(new ByteArrayInputStream(bytes), bytes.length, hash,
          Progress.NONE)).as("the context still holds nothing").isEqualTo(hash);
      assertThat(restoreFailure(restored, bytes, hash)).as("a second restore into it")
          .isEqualTo("Context_io_failure");
    }
  }

  @Test
  void aCancelledRestoreStopsWithInterruptedAndLeavesTheContextEmpty() {
    ContextHash hash = populated();
    byte[] bytes = dump(context, hash);
    try (Context restored = fresh()) {
      assertThatThrownBy(() -> restored.restore(new ByteArrayInputStream(bytes),
          bytes.length, hash, new RecordedProgress(0)))
          .isInstanceOfSatisfying(CairnException.class,
              e -> assertThat(e.error().name()).isEqualTo("Interrupted"));
      assertThat(restored.contains(hash)).isFalse();
      assertThat(restored.restore(new ByteArrayInputStream(bytes), bytes.length, hash,
          Progress.NONE)).isEqualTo(hash);
    }
  }

  @Test
  void aCancelledDumpStopsWithInterrupted() {
    ContextHash hash = populated();
    assertThatThrownBy(() -> context.openDump(hash, new RecordedProgress(0)).close())
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Interrupted"));
    try (ContextDump dump = context.openDump(hash)) {
      assertThatThrownBy(() -> dump.writeTo(new ByteArrayOutputStream(), new RecordedProgress(0)))
          .isInstanceOfSatisfying(CairnException.class,
              e -> assertThat(e.error().name()).isEqualTo("Interrupted"));
    }
  }

  private static String restoreFailure(Context target, byte[] bytes, ContextHash expected) {
    CairnException e = (CairnException) catchThrowable(() -> target.restore(
        new ByteArrayInputStream(bytes), bytes.length, expected, Progress.NONE));
    assertThat(e).as("a typed error").isNotNull();
    return e.error().name();
  }
}
