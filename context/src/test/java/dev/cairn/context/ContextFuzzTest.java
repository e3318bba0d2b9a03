package dev.cairn.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectFormatException;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.store.hash.ContextHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzz targets for what reads a context dump from strangers. Without {@code JAZZER_FUZZ=1} they
 * replay the committed corpus in {@code src/test/resources/.../ContextFuzzTestInputs/}; with it,
 * they fuzz for {@code maxDuration}. Any exception but the typed ones is a finding.
 */
class ContextFuzzTest {

  private static final List<String> CONTEXT_ERRORS =
      List.of("Malformed_dump", "Inconsistent_context", "Inconsistent_context_hash");

  @FuzzTest(maxDuration = "120s")
  void restore(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("cairn-fuzz-restore");
    Path target = dir.resolve("context");
    try {
      ContextHash expected = lastObjectHash(input);
      try {
        ContextHash restored = LmdbContext.restore(target, new ByteArrayInputStream(input),
            input.length, expected, Progress.NONE);
        assertThat(restored).isEqualTo(expected);
        try (LmdbContext context = LmdbContext.open(target)) {
          assertThat(context.verify(restored)).isPositive();
          Contents.of(context.checkout(restored));
        }
      } catch (CairnException e) {
        assertThat(e.error().name()).isIn(CONTEXT_ERRORS);
        assertThat(target).doesNotExist();
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A delta from strangers, applied to a context holding a parent's objects: it applies and
   * gives a commit that verifies, or fails with a typed error and leaves the parent whole.
   */
  @FuzzTest(maxDuration = "120s")
  void applyDelta(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("cairn-fuzz-delta");
    try (LmdbContext context = LmdbContext.open(dir.resolve("context"))) {
      ContextHash parent = parentState(context);
      ContextHash expected = lastObjectHash(input);
      try {
        ContextHash applied = context.applyDelta(new ByteArrayInputStream(input),
            input.length, expected, Progress.NONE);
        assertThat(applied).isEqualTo(expected);
        assertThat(context.verify(applied)).isPositive();
        Contents.of(context.checkout(applied));
      } catch (CairnException e) {
        assertThat(e.error().name()).isIn(CONTEXT_ERRORS);
        assertThat(context.contains(expected) && !expected.equals(parent)).isFalse();
      }
      assertThat(context.verify(parent)).as("the parent stays whole").isPositive();
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The parent the corpus's deltas were made against: a small tree with a large directory. */
  static ContextHash parentState(Context context) {
    ContextTree tree = context.emptyTree();
    for (int i = 0; i < 40; i++) {
      tree.set(List.of("accounts", "a" + i, "balance"), Integer.toString(i * 7).getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    }
    tree.set(List.of("protocol"), new byte[] {1, 2, 3});
    return tree.commit(CommitInfo.initial(1_700_000_000L, "parent"));
  }

  @FuzzTest(maxDuration = "60s")
  void objectDecoding(byte[] input) {
    try {
      ContextObject object = ObjectCodec.decode(input);
      assertThat(ObjectCodec.encode(object)).isEqualTo(input);
    } catch (ObjectFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** The hash of the dump's last framed object, so the fuzzer can reach a successful restore. */
  private static ContextHash lastObjectHash(byte[] input) {
    ByteBuffer in = ByteBuffer.wrap(input);
    byte[] last = new byte[0];
    if (in.remaining() >= 8) {
      in.getLong();
      while (in.remaining() >= 4) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          break;
        }
        last = new byte[length];
        in.get(last);
      }
    }
    return ObjectHash.ofEncoding(last).asContextHash();
  }
}
