package dev.cairn.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ContextHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delta contract (DESIGN §16): a delta of commit C against parent P holds exactly the objects
 * C reaches and P does not, and applied to a context holding P's objects gives C back, the same
 * values and the same dump. The oracle is the two full dumps: the delta's objects are computed as
 * the set difference of their frames, independently of the walk that skips shared subtrees.
 */
abstract class ContextDeltaContractTest {

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

  /** The commits a seeded script makes, each the parent of the next. */
  private List<ContextHash> commits(long seed) {
    ContextTree tree = context.emptyTree();
    List<ContextHash> commits = new ArrayList<>();
    ContextHash parent = null;
    for (RandomScript.Op op : RandomScript.generate(seed, 900)) {
      if (op instanceof RandomScript.Set set) {
        tree.set(set.path(), set.value());
      } else if (op instanceof RandomScript.Remove remove) {
        tree.remove(remove.path());
      } else {
        parent = tree.commit(new CommitInfo(parent == null ? List.of() : List.of(parent),
            1_700_000_000L + commits.size(), "block " + commits.size()));
        if (commits.isEmpty() || !commits.get(commits.size() - 1).equals(parent)) {
          commits.add(parent);
        }
      }
    }
    return commits;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24, 25})
  void aChainOfDeltasRebuildsEachCommitExactly(long seed) {
    List<ContextHash> commits = commits(seed);
    assertThat(commits).as("seed %d", seed).hasSizeGreaterThan(4);
    List<ContextHash> chain = List.of(commits.get(0), commits.get(commits.size() / 3),
        commits.get(commits.size() / 2), commits.get(commits.size() - 1));
    try (Context rebuilt = open(dir.resolve("rebuilt"))) {
      byte[] base = dump(context, chain.get(0));
      rebuilt.restore(new ByteArrayInputStream(base), base.length, chain.get(0), Progress.NONE);
      for (int i = 1; i < chain.size(); i++) {
        ContextHash parent = chain.get(i - 1);
        ContextHash child = chain.get(i);
        byte[] delta = delta(context, child, parent);
        Set<Bytes> expected = new LinkedHashSet<>(frames(dump(context, child)));
        expected.removeAll(frames(dump(context, parent)));
        assertThat(frames(delta)).as("seed %d, delta %d: exactly the set difference", seed, i)
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(delta(context, child, parent)).as("the same bytes again").isEqualTo(delta);

        rebuilt.collectGarbage(List.of(parent));
        assertThat(rebuilt.applyDelta(new ByteArrayInputStream(delta), delta.length, child,
            Progress.NONE)).isEqualTo(child);
        assertThat(Contents.of(rebuilt.checkout(child))).as("seed %d, delta %d", seed, i)
            .isEqualTo(Contents.of(context.checkout(child)));
        assertThat(dump(rebuilt, child)).isEqualTo(dump(context, child));
      }
    }
  }

  @Test
  void aDeltaHoldingAnObjectTheParentHasIsRefusedAndNothingChanges() {
    List<ContextHash> commits = commits(31);
    ContextHash parent = commits.get(1);
    ContextHash child = commits.get(commits.size() - 1);
    List<byte[]> objects = DumpFrames.split(delta(context, child, parent));
    objects.add(0, DumpFrames.split(dump(context, parent)).get(0));
    Context target = rebuiltAt(parent);
    assertThat(applyFailure(target, DumpFrames.join(objects), child))
        .contains("Inconsistent_context").contains("already in the parent's context");
    assertThat(target.contains(child)).isFalse();
    assertThat(dump(target, parent)).isEqualTo(dump(context, parent));
  }

  @Test
  void aDeltaAppliedToTheWrongParentIsRefusedAndNothingChanges() {
    List<ContextHash> commits = commits(32);
    ContextHash parent = commits.get(commits.size() - 2);
    ContextHash child = commits.get(commits.size() - 1);
    byte[] delta = delta(context, child, parent);
    Context wrong = rebuiltAt(commits.get(0));
    assertThat(applyFailure(wrong, delta, child)).contains("Inconsistent_context")
        .contains("neither in the parent's context nor before it");
    assertThat(wrong.contains(child)).isFalse();
    assertThat(Contents.of(wrong.checkout(commits.get(0))))
        .isEqualTo(Contents.of(context.checkout(commits.get(0))));
  }

  @Test
  void aDeltaEndingAtAnotherCommitIsRefused() {
    List<ContextHash> commits = commits(33);
    ContextHash parent = commits.get(0);
    ContextHash child = commits.get(commits.size() - 1);
    Context rebuilt = rebuiltAt(parent);
    assertThat(applyFailure(rebuilt, delta(context, child, parent), parent))
        .startsWith("Inconsistent_context_hash");
    assertThat(rebuilt.applyDelta(new ByteArrayInputStream(delta(context, child, parent)), -1,
        child, Progress.NONE)).as("still the parent's objects only").isEqualTo(child);
  }

  @Test
  void aDeltaAgainstAParentHoldingTheCommitIsRefused() {
    List<ContextHash> commits = commits(34);
    ContextHash commit = commits.get(2);
    try (ObjectSet parent = context.reachable(commit, Progress.NONE)) {
      CairnException e = (CairnException) catchThrowable(() ->
          context.openDelta(commit, parent, Progress.NONE));
      assertThat(e.error().name()).isEqualTo("Inconsistent_context");
    }
  }

  private Context rebuilt;

  /** A second context holding exactly {@code commit}'s objects; closed after the test. */
  private Context rebuiltAt(ContextHash commit) {
    rebuilt = open(dir.resolve("rebuilt"));
    byte[] bytes = dump(context, commit);
    rebuilt.restore(new ByteArrayInputStream(bytes), bytes.length, commit, Progress.NONE);
    return rebuilt;
  }

  @AfterEach
  void closeRebuilt() {
    if (rebuilt != null) {
      rebuilt.close();
    }
  }

  private static String applyFailure(Context target, byte[] delta, ContextHash expected) {
    CairnException e = (CairnException) catchThrowable(() -> target.applyDelta(
        new ByteArrayInputStream(delta), delta.length, expected, Progress.NONE));
    assertThat(e).as("a typed error").isNotNull();
    return e.error().name() + ": " + e.error().details();
  }

  private static Set<Bytes> frames(byte[] dump) {
    Set<Bytes> hashes = new HashSet<>();
    for (byte[] object : DumpFrames.split(dump)) {
      hashes.add(ObjectHash.ofEncoding(object).bytes());
    }
    return hashes;
  }

  static byte[] dump(Context source, ContextHash commit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ContextDump dump = source.openDump(commit)) {
      dump.writeTo(out, Progress.NONE);
    }
    return out.toByteArray();
  }

  static byte[] delta(Context source, ContextHash commit, ContextHash parent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectSet set = source.reachable(parent, Progress.NONE);
        ContextDump dump = source.openDelta(commit, set, Progress.NONE)) {
      assertThat(dump.byteLength()).isPositive();
      dump.writeTo(out, Progress.NONE);
      assertThat(out.size()).isEqualTo(dump.byteLength());
    }
    return out.toByteArray();
  }
}
