package dev.cairn.context.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmdbjava.Cursor;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/** The external sort puts every object into LMDB, in key order, however many runs and passes. */
class SortedRunsTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "buffer {0} bytes, fan-in {1}")
  @CsvSource({"100000000, 64", "20000, 64", "20000, 3", "3000, 2"})
  void everyObjectLandsInKeyOrder(long buffer, int fanIn) {
    Random random = new Random(buffer + fanIn);
    TreeMap<String, byte[]> expected = new TreeMap<>();
    int spills;
    try (SortedRuns runs = new SortedRuns(dir.resolve("scratch"), buffer, fanIn);
        ObjectDatabase db = ObjectDatabase.open(dir.resolve("env"), true)) {
      for (int i = 0; i < 3000; i++) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        byte[] encoding = new byte[1 + random.nextInt(random.nextInt(20) == 0 ? 70_000 : 60)];
        random.nextBytes(encoding);
        expected.put(HexFormat.of().formatHex(hash), encoding);
        runs.add(hash, encoding);
      }
      spills = runs.runCount();
      assertThat(runs.writeTo(db, true)).isEqualTo(expected.size());
      if (spills + 1 > fanIn) {
        assertThat(runs.intermediateMerges()).isPositive();
      }
      try (Txn<ByteBuffer> txn = db.env.txnRead();
          Cursor<ByteBuffer> cursor = db.objects.openCursor(txn)) {
        boolean more = cursor.seek(SeekOp.MDB_FIRST);
        for (Map.Entry<String, byte[]> entry : expected.entrySet()) {
          assertThat(more).isTrue();
          byte[] key = new byte[32];
          cursor.key().duplicate().get(key);
          byte[] value = new byte[cursor.val().remaining()];
          cursor.val().duplicate().get(value);
          assertThat(HexFormat.of().formatHex(key)).isEqualTo(entry.getKey());
          assertThat(value).isEqualTo(entry.getValue());
          more = cursor.seek(SeekOp.MDB_NEXT);
        }
        assertThat(more).isFalse();
      }
    }
    assertThat(buffer > 1_000_000 ? spills == 0 : spills > 2).isTrue();
  }
}
