package dev.cairn.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.StepIndex;
import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ContextHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restoring damaged dumps: each gives one of the three typed errors of DESIGN §10 and leaves no
 * restored directory behind, so no partial state is visible as a commit.
 */
class HostileDumpTest {

  private static final List<String> CONTEXT_ERRORS =
      List.of("Malformed_dump", "Inconsistent_context", "Inconsistent_context_hash");

  @TempDir
  Path dir;

  private byte[] dump;
  private ContextHash hash;

  @BeforeEach
  void smallDump() {
    try (LmdbContext context = LmdbContext.open(dir.resolve("source"))) {
      ContextTree tree = context.emptyTree();
      tree.set(List.of("version"), ContextContractTest.text("1"));
      tree.set(List.of("contracts", "tz1a", "balance"), ContextContractTest.text("100"));
      tree.set(List.of("contracts", "tz1b", "balance"), ContextContractTest.text("100"));
      for (int i = 0; i < 40; i++) {
        tree.set(List.of("big", "k" + i), new byte[] {(byte) i});
      }
      hash = tree.commit(ContextContractTest.info(1));
      dump = ContextContractTest.dump(context, hash);
    }
  }

  private String restoreFails(byte[] bytes, ContextHash expected) {
    Path target = dir.resolve("restored");
    CairnException e = (CairnException) Assertions.catchThrowable(() ->
        LmdbContext.restore(target, new ByteArrayInputStream(bytes), bytes.length, expected,
            Progress.NONE));
    assertThat(e).as("a typed error").isNotNull();
    assertThat(Files.exists(target)).as("nothing left behind").isFalse();
    return e.error().name();
  }

  @Test
  void theIntactDumpRestores() {
    assertThat(LmdbContext.restore(dir.resolve("ok"), new ByteArrayInputStream(dump), dump.length,
        hash, Progress.NONE)).isEqualTo(hash);
    assertThat(DumpFrames.split(dump)).hasSizeGreaterThan(8);
  }

  @Test
  void everySingleByteFlipIsRejected() {
    for (int position = 0; position < dump.length; position++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] damaged = dump.clone();
        damaged[position] ^= (byte) bit;
        assertThat(restoreFails(damaged, hash)).as("flip %x at %d", bit, position)
            .isIn(CONTEXT_ERRORS);
      }
    }
  }

  @Test
  void everyTruncationIsRejected() {
    for (int length = 0; length < dump.length; length++) {
      byte[] truncated = Arrays.copyOf(dump, length);
      assertThat(restoreFails(truncated, hash)).as("truncated to %d", length)
          .isEqualTo("Malformed_dump");
    }
  }

  @Test
  void aTruncatedStreamOfUnknownLengthIsRejected() {
    byte[] truncated = Arrays.copyOf(dump, dump.length / 2);
    Path target = dir.resolve("restored");
    assertThatThrownBy(() -> LmdbContext.restore(target, new ByteArrayInputStream(truncated), -1,
        hash, Progress.NONE)).isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Malformed_dump"));
    assertThat(target).doesNotExist();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void reorderedObjectsAreRejected(long seed) {
    List<byte[]> objects = new ArrayList<>(DumpFrames.split(dump));
    List<byte[]> shuffled = new ArrayList<>(objects);
    Collections.shuffle(shuffled, new Random(seed));
    if (shuffled.equals(objects)) {
      Collections.swap(shuffled, 0, shuffled.size() - 1);
    }
    assertThat(restoreFails(DumpFrames.join(shuffled), hash)).as("seed %d", seed)
        .isEqualTo("Inconsistent_context");
  }

  @Test
  void aParentBeforeItsChildIsRejected() {
    List<byte[]> objects = new ArrayList<>(DumpFrames.split(dump));
    int leafIndex = -1;
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i)[0] == ObjectCodec.TAG_LEAF && objects.get(i)[1] > 0) {
        leafIndex = i;
        break;
      }
    }
    Collections.swap(objects, leafIndex, leafIndex - 1);
    assertThat(restoreFails(DumpFrames.join(objects), hash)).isEqualTo("Inconsistent_context");
  }

  @Test
  void aMissingChildARepeatAndAnEarlyCommitAreRejected() {
    List<byte[]> objects = DumpFrames.split(dump);
    List<byte[]> missing = new ArrayList<>(objects);
    missing.remove(0);
    assertThat(restoreFails(DumpFrames.join(missing), hash)).isEqualTo("Inconsistent_context");

    List<byte[]> repeated = new ArrayList<>(objects);
    repeated.add(1, objects.get(0));
    assertThat(restoreFails(DumpFrames.join(repeated), hash)).isEqualTo("Inconsistent_context");

    List<byte[]> commitTwice = new ArrayList<>(objects);
    commitTwice.add(objects.get(objects.size() - 1));
    assertThat(restoreFails(DumpFrames.join(commitTwice), hash))
        .isEqualTo("Inconsistent_context");
  }

  @Test
  void countsAndLengthsLargerThanWhatRemainsAreRejectedBeforeAllocating() {
    List<byte[]> objects = DumpFrames.split(dump);
    // One more object announced than sent: the stream ends before the announced count.
    assertThat(restoreFails(DumpFrames.join(objects.size() + 1L, objects), hash))
        .isEqualTo("Malformed_dump");
    assertThat(restoreFails(DumpFrames.join(Long.MAX_VALUE, objects), hash))
        .isEqualTo("Malformed_dump");
    assertThat(restoreFails(DumpFrames.join(0, List.of()), hash)).isEqualTo("Malformed_dump");
    byte[] huge = dump.clone();
    ByteBuffer.wrap(huge).putInt(8, Integer.MAX_VALUE);
    assertThat(restoreFails(huge, hash)).isEqualTo("Malformed_dump");
    byte[] trailing = Arrays.copyOf(dump, dump.length + 1);
    assertThat(restoreFails(trailing, hash)).isEqualTo("Malformed_dump");
  }

  @Test
  void anObjectTheCommitDoesNotReachIsRejected() {
    List<byte[]> objects = new ArrayList<>(DumpFrames.split(dump));
    objects.add(0, ObjectCodec.encodeBlob(ContextContractTest.text("stowaway")));
    assertThat(restoreFails(DumpFrames.join(objects), hash)).isEqualTo("Inconsistent_context");
  }

  @Test
  void aStatedLengthThatDiffersFromTheDumpIsRejected() {
    Path target = dir.resolve("restored");
    for (long stated : new long[] {dump.length + 100L, dump.length - 1L}) {
      assertThatThrownBy(() -> LmdbContext.restore(target, new ByteArrayInputStream(dump), stated,
          hash, Progress.NONE)).as("stated %d", stated)
          .isInstanceOfSatisfying(CairnException.class,
              e -> assertThat(e.error().name()).isEqualTo("Malformed_dump"));
      assertThat(target).doesNotExist();
    }
  }

  @Test
  void aKnownLengthIsReadAndNotOneByteMore() throws Exception {
    byte[] followed = Arrays.copyOf(dump, dump.length + 3);
    followed[dump.length] = 'n';
    followed[dump.length + 1] = 'e';
    followed[dump.length + 2] = 'x';
    ByteArrayInputStream in = new ByteArrayInputStream(followed);
    assertThat(LmdbContext.restore(dir.resolve("ok"), in, dump.length, hash, Progress.NONE))
        .isEqualTo(hash);
    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("nex");
  }

  @Test
  void aDumpOfAnotherCommitIsRejectedByItsHash() {
    ContextHash other = ContextHash.of(new byte[32]);
    assertThat(restoreFails(dump, other)).isEqualTo("Inconsistent_context_hash");
  }

  @Test
  void misplacedOrMistypedObjectsAreRejectedEvenWhenTheHashesAgree() {
    byte[] blob = ObjectCodec.encodeBlob(new byte[] {1});
    ObjectHash blobHash = ObjectHash.ofEncoding(blob);
    byte[] leaf = ObjectCodec.encodeLeaf(List.of(new Entry("v", EntryKind.BLOB, blobHash)));
    ObjectHash leafHash = ObjectHash.ofEncoding(leaf);

    // A value entry that points at a directory.
    byte[] mistyped = ObjectCodec.encodeLeaf(List.of(new Entry("v", EntryKind.BLOB, leafHash)));
    assertThat(restoreWithCommit(List.of(blob, leaf, mistyped))).isEqualTo("Inconsistent_context");

    // A directory entry that points at an empty directory, which cannot exist.
    byte[] empty = ObjectCodec.encodeLeaf(List.of());
    byte[] withEmpty = ObjectCodec.encodeLeaf(List.of(
        new Entry("d", EntryKind.DIRECTORY, ObjectHash.ofEncoding(empty))));
    assertThat(restoreWithCommit(List.of(empty, withEmpty))).isEqualTo("Inconsistent_context");

    // An inode whose single bucket holds 33 entries that do not all hash to that bucket.
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 33; i++) {
      entries.add(new Entry(String.format("k%02d", i), EntryKind.BLOB, blobHash));
    }
    byte[] bucket = ObjectCodec.encodeLeaf(entries.subList(0, 32));
    byte[] inode = ObjectCodec.encodeInode(new ContextObject.Inode(0, Bytes.EMPTY, 32 + 1, 1,
        List.of(ObjectHash.ofEncoding(bucket))));
    assertThat(restoreWithCommit(List.of(blob, bucket, inode))).isEqualTo("Inconsistent_context");
  }

  @Test
  void anInodeOneLevelDownMustCarryItsParentsPrefix() {
    byte[] blob = ObjectCodec.encodeBlob(new byte[] {7});
    ObjectHash blobHash = ObjectHash.ofEncoding(blob);
    // 40 steps that all fall in bucket 5 at depth 0: one inode at depth 0 with a single bucket,
    // holding an inode at depth 1 that spreads them over leaves at depth 2.
    List<Entry> entries = new ArrayList<>();
    for (int n = 0; entries.size() < 40; n++) {
      String step = "s" + n;
      if (StepIndex.of(step).bucket(0) == 5) {
        entries.add(new Entry(step, EntryKind.BLOB, blobHash));
      }
    }
    entries.sort((a, b) -> a.step().compareTo(b.step()));
    List<byte[]> objects = new ArrayList<>(List.of(blob));
    List<ObjectHash> leaves = new ArrayList<>();
    int bitmap = 0;
    for (int bucket = 0; bucket < 32; bucket++) {
      final int b = bucket;
      List<Entry> inBucket = entries.stream()
          .filter(e -> StepIndex.of(e.step()).bucket(1) == b).toList();
      if (!inBucket.isEmpty()) {
        byte[] leaf = ObjectCodec.encodeLeaf(inBucket);
        objects.add(leaf);
        leaves.add(ObjectHash.ofEncoding(leaf));
        bitmap |= 1 << bucket;
      }
    }
    for (int prefix : new int[] {5, 6}) {
      List<byte[]> all = new ArrayList<>(objects);
      byte[] inner = ObjectCodec.encodeInode(new ContextObject.Inode(1,
          Bytes.copyOf(new byte[] {(byte) prefix}), 40, bitmap, leaves));
      all.add(inner);
      all.add(ObjectCodec.encodeInode(new ContextObject.Inode(0, Bytes.EMPTY, 40, 1 << 5,
          List.of(ObjectHash.ofEncoding(inner)))));
      byte[] commit = ObjectCodec.encodeCommit(new ContextObject.Commit(
          ObjectHash.ofEncoding(all.get(all.size() - 1)), List.of(), 0, ""));
      all.add(commit);
      byte[] bytes = DumpFrames.join(all);
      ContextHash expected = ObjectHash.ofEncoding(commit).asContextHash();
      if (prefix == 5) {
        assertThat(LmdbContext.restore(dir.resolve("right"), new ByteArrayInputStream(bytes),
            bytes.length, expected, Progress.NONE)).isEqualTo(expected);
      } else {
        assertThat(restoreFails(bytes, expected)).isEqualTo("Inconsistent_context");
      }
    }
  }

  /** Restores {@code objects} followed by a commit of the last one, expecting that commit. */
  private String restoreWithCommit(List<byte[]> objects) {
    byte[] commit = ObjectCodec.encodeCommit(new ContextObject.Commit(
        ObjectHash.ofEncoding(objects.get(objects.size() - 1)), List.of(), 0, ""));
    List<byte[]> all = new ArrayList<>(objects);
    all.add(commit);
    return restoreFails(DumpFrames.join(all), ObjectHash.ofEncoding(commit).asContextHash());
  }

  @Test
  void aFailingInputStreamIsATypedError() {
    InputStream failing = new InputStream() {
      private int left = 20;

      @Override
      public int read() throws IOException {
        if (left-- == 0) {
          throw new IOException("disk on fire");
        }
        return 0;
      }
    };
    Path target = dir.resolve("restored");
    assertThatThrownBy(() -> LmdbContext.restore(target, failing, -1, hash, Progress.NONE))
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Malformed_dump"));
    assertThat(target).doesNotExist();
  }
}
