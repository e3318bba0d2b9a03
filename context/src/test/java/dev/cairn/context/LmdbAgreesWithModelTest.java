package dev.cairn.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.context.model.ModelContext;
import dev.cairn.progress.Progress;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ContextHash;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same seeded scripts on the LMDB context and on the model: the same answer to every read, the
 * same hash for every commit, the same dump bytes; and each LMDB dump restores into a fresh
 * context with the same hash and contents.
 */
class LmdbAgreesWithModelTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110})
  void sameReadsHashesDumpsAndRestores(long seed) {
    Random reads = new Random(seed);
    List<ContextHash> commits = new ArrayList<>();
    try (LmdbContext lmdb = LmdbContext.open(dir.resolve("lmdb"));
        ModelContext model = new ModelContext()) {
      ContextTree a = lmdb.emptyTree();
      ContextTree b = model.emptyTree();
      int n = 0;
      for (RandomScript.Op op : RandomScript.generate(seed, 1500)) {
        if (op instanceof RandomScript.Set set) {
          a.set(set.path(), set.value());
          b.set(set.path(), set.value());
        } else if (op instanceof RandomScript.Remove remove) {
          a.remove(remove.path());
          b.remove(remove.path());
        } else {
          CommitInfo info = new CommitInfo(commits.isEmpty() ? List.of()
              : List.of(commits.get(commits.size() - 1)), n, "block " + n++);
          ContextHash hash = a.commit(info);
          assertThat(b.commit(info)).as("seed %d, commit %d", seed, n).isEqualTo(hash);
          commits.add(hash);
        }
        List<String> probe = RandomScript.path(reads, 300);
        assertThat(a.find(probe).map(Bytes::copyOf)).as("seed %d", seed)
            .isEqualTo(b.find(probe).map(Bytes::copyOf));
        List<String> parent = probe.subList(0, reads.nextInt(probe.size()));
        assertThat(a.list(parent)).as("seed %d", seed).isEqualTo(b.list(parent));
      }
      for (int i = 0; i < commits.size(); i += Math.max(1, commits.size() / 4)) {
        ContextHash hash = commits.get(i);
        byte[] dump = ContextContractTest.dump(lmdb, hash);
        assertThat(dump).as("seed %d, dump of %s", seed, hash)
            .isEqualTo(ContextContractTest.dump(model, hash));
        Path restoredDir = dir.resolve("restored-" + i);
        assertThat(LmdbContext.restore(restoredDir, new ByteArrayInputStream(dump), dump.length,
            hash, Progress.NONE)).isEqualTo(hash);
        try (LmdbContext restored = LmdbContext.open(restoredDir)) {
          assertThat(Contents.of(restored.checkout(hash)))
              .isEqualTo(Contents.of(model.checkout(hash)));
          assertThat(restored.verify(hash)).isEqualTo(DumpFrames.split(dump).size());
        }
      }
    }
  }
}
