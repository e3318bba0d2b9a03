package dev.cairn.context.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.ContextHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded round trips of every object kind, and every truncation refused. */
class ObjectCodecTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void everyObjectRoundTripsAndEveryTruncationIsRefused(long seed) {
    Random random = new Random(seed);
    for (ContextObject object : List.of(blob(random), leaf(random), inode(random),
        commit(random))) {
      byte[] encoding = ObjectCodec.encode(object);
      assertThat(ObjectCodec.decode(encoding)).as("seed %d", seed).isEqualTo(object);
      assertThat(ObjectCodec.children(encoding)).as("seed %d", seed)
          .isEqualTo(object.children());
      if (object instanceof ContextObject.Blob) {
        continue; // a blob's length is its object's length: every prefix is another blob
      }
      for (int length = 0; length < encoding.length; length++) {
        byte[] truncated = Arrays.copyOf(encoding, length);
        assertThatThrownBy(() -> ObjectCodec.decode(truncated))
            .as("seed %d, %s truncated to %d", seed, object.getClass().getSimpleName(), length)
            .isInstanceOf(ObjectFormatException.class);
      }
    }
  }

  @Test
  void stepsOutOfOrderOrRepeatedAreRefused() {
    ObjectHash hash = ObjectHash.of(new byte[32]);
    byte[] ordered = ObjectCodec.encodeLeaf(List.of(new Entry("a", EntryKind.BLOB, hash),
        new Entry("b", EntryKind.BLOB, hash)));
    byte[] swapped = ordered.clone();
    swapped[4] = 'b';
    swapped[4 + 35] = 'a';
    assertThatThrownBy(() -> ObjectCodec.decode(swapped)).hasMessageContaining("order");
    byte[] repeated = ordered.clone();
    repeated[4 + 35] = 'a';
    assertThatThrownBy(() -> ObjectCodec.decode(repeated)).hasMessageContaining("order");
  }

  @Test
  void bucketsReadFiveBitsAtATimeFromTheStepHash() {
    StepIndex index = StepIndex.of("tz1example");
    byte[] digest = Blake2b.digest256("tz1example".getBytes());
    StringBuilder bits = new StringBuilder();
    for (byte b : digest) {
      bits.append(String.format("%8s", Integer.toBinaryString(b & 0xff)).replace(' ', '0'));
    }
    for (int depth = 0; depth <= StepIndex.MAX_INODE_DEPTH; depth++) {
      int expected = Integer.parseInt(bits.substring(depth * 5, depth * 5 + 5), 2);
      assertThat(index.bucket(depth)).as("depth %d", depth).isEqualTo(expected);
    }
  }

  private static ContextObject.Blob blob(Random random) {
    byte[] data = new byte[random.nextInt(100)];
    random.nextBytes(data);
    return new ContextObject.Blob(Bytes.copyOf(data));
  }

  private static ContextObject.Leaf leaf(Random random) {
    TreeSet<String> steps = new TreeSet<>(Steps.ORDER);
    int n = 1 + random.nextInt(32);
    while (steps.size() < n) {
      steps.add(random.nextInt(5) == 0 ? "ü" + random.nextInt(1000) : "k" + random.nextInt(1000));
    }
    List<Entry> entries = new ArrayList<>();
    for (String step : steps) {
      entries.add(new Entry(step, random.nextBoolean() ? EntryKind.BLOB : EntryKind.DIRECTORY,
          hash(random)));
    }
    return new ContextObject.Leaf(entries);
  }

  private static ContextObject.Inode inode(Random random) {
    int depth = random.nextInt(4);
    byte[] prefix = new byte[depth];
    for (int i = 0; i < depth; i++) {
      prefix[i] = (byte) random.nextInt(32);
    }
    int bitmap = random.nextInt() | 1;
    List<ObjectHash> children = new ArrayList<>();
    for (int i = 0; i < Integer.bitCount(bitmap); i++) {
      children.add(hash(random));
    }
    return new ContextObject.Inode(depth, Bytes.copyOf(prefix), 33 + random.nextInt(1 << 20),
        bitmap, children);
  }

  private static ContextObject.Commit commit(Random random) {
    List<ContextHash> parents = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      parents.add(hash(random).asContextHash());
    }
    return new ContextObject.Commit(hash(random), parents, random.nextLong(), "block "
        + random.nextInt() + (random.nextBoolean() ? " é" : ""));
  }

  private static ObjectHash hash(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return ObjectHash.of(bytes);
  }
}
