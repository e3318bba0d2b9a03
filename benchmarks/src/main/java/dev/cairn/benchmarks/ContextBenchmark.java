package dev.cairn.benchmarks;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextTree;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.progress.Progress;
import dev.cairn.store.datadir.FileTree;
import dev.cairn.store.hash.ContextHash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * The context at scale, as a whole process (run by {@code benchmarks/run-context.sh} with {@code
 * -Xmx256m}): build a state of N accounts (about 4 keys each) under one directory, commit 10,000
 * changed keys, dump, restore with every check, collect garbage; then the raw LMDB insert rate of
 * as many random key-value pairs, through both of lmdbjava's proxies, and {@code tar cf} of the
 * same LMDB directory. Prints a Markdown table.
 *
 * <pre>java -Xmx256m --add-opens … -cp benchmarks.jar dev.cairn.benchmarks.ContextBenchmark DIR [ACCOUNTS]</pre>
 */
public final class ContextBenchmark {

  private static final int ACCOUNTS_PER_COMMIT = 10_000;
  private static final int CHANGED_KEYS = 10_000;
  private static final int CHANGE_RUNS = 5;

  private final Path dir;
  private final int accounts;
  private final List<String[]> rows = new ArrayList<>();

  private ContextBenchmark(Path dir, int accounts) {
    this.dir = dir;
    this.accounts = accounts;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    FileTree.delete(dir);
    Files.createDirectories(dir);
    new ContextBenchmark(dir, accounts).run();
  }

  static String address(int account) {
    return "tz1" + HexFormat.of().toHexDigits((long) account * 0x9E3779B97F4A7C15L)
        + HexFormat.of().toHexDigits(account).substring(0, 5);
  }

  private void run() throws Exception {
    Path source = dir.resolve("context");
    ContextHash head;
    long dumpObjects;
    long dumpBytes;
    Path dumpFile = dir.resolve("dump.bin");
    try (LmdbContext context = LmdbContext.open(source)) {
      head = build(context);
      head = changeKeys(context, head);
      resetPeaks();
      long start = System.nanoTime();
      try (ContextDump dump = context.openDump(head);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(dumpFile), 1 << 16)) {
        long planned = System.nanoTime();
        dumpObjects = dump.objectCount();
        dumpBytes = dump.byteLength();
        dump.writeTo(out, Progress.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        row("dump (count pass + write pass)", seconds, dumpObjects, dumpBytes);
        row("  of which the count pass", (planned - start) / 1e9, dumpObjects, dumpBytes);
      }
      row("peak heap during dump", peakHeapMb(), "MB", "-Xmx256m");
    }
    resetPeaks();
    Path restored = dir.resolve("restored");
    long start = System.nanoTime();
    long[] checked = {0};
    final long objects = dumpObjects;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dumpFile), 1 << 16)) {
      LmdbContext.restore(restored, in, dumpBytes, head, new Progress() {
        @Override
        public void phase(String name, long total) {}

        @Override
        public void advance(long done) {
          if (done == objects) {
            checked[0] = System.nanoTime();
          }
        }
      });
    }
    row("restore with every check", (System.nanoTime() - start) / 1e9, dumpObjects, dumpBytes);
    row("  of which reading and checking (2 threads)", (checked[0] - start) / 1e9, dumpObjects,
        dumpBytes);
    row("  of which filling LMDB in key order", (System.nanoTime() - checked[0]) / 1e9,
        dumpObjects, dumpBytes);
    rows.add(new String[] {"  restored data.mdb", mb(Files.size(restored.resolve("data.mdb"))),
        "MB", ""});
    row("peak heap during restore", peakHeapMb(), "MB", "-Xmx256m");
    try (LmdbContext context = LmdbContext.open(source)) {
      start = System.nanoTime();
      var summary = context.collectGarbage(List.of(head));
      row("GC keeping the last commit", (System.nanoTime() - start) / 1e9, summary.reachable(),
          -1);
      rows.add(new String[] {"  objects deleted", Long.toString(summary.deleted()), "", ""});
    }
    rows.add(new String[] {"LMDB data.mdb after GC", mb(Files.size(source.resolve("data.mdb"))),
        "MB", ""});
    rows.add(new String[] {"dump size", mb(dumpBytes), "MB", dumpObjects + " objects"});
    int meanValue = (int) ((dumpBytes - 8) / dumpObjects - 4);
    rawInsertBuffer(dumpObjects, meanValue);
    rawInsertArray(dumpObjects, meanValue);
    tar(source);
    print();
  }

  private ContextHash build(LmdbContext context) {
    long start = System.nanoTime();
    ContextTree tree = context.emptyTree();
    ContextHash head = null;
    SplittableRandom random = new SplittableRandom(1);
    for (int account = 0; account < accounts; account++) {
      List<String> base = List.of("contracts", "index", address(account));
      tree.set(path(base, "balance"), longBytes(random.nextLong(1L << 40)));
      tree.set(path(base, "counter"), longBytes(random.nextInt(1000)));
      byte[] manager = new byte[21];
      random.nextBytes(manager);
      tree.set(path(base, "manager"), manager);
      if (random.nextBoolean()) {
        tree.set(path(base, "delegate"), manager);
      }
      if (random.nextBoolean()) {
        tree.set(path(base, "revealed"), new byte[] {1});
      }
      if ((account + 1) % ACCOUNTS_PER_COMMIT == 0 || account == accounts - 1) {
        head = tree.commit(new CommitInfo(head == null ? List.of() : List.of(head), account,
            "accounts up to " + account));
      }
    }
    row("build " + accounts + " accounts (commits of 10,000)", (System.nanoTime() - start) / 1e9,
        accounts, -1);
    return head;
  }

  private ContextHash changeKeys(LmdbContext context, ContextHash head) {
    SplittableRandom random = new SplittableRandom(2);
    List<Double> times = new ArrayList<>();
    for (int run = 0; run < CHANGE_RUNS; run++) {
      long start = System.nanoTime();
      ContextTree tree = context.checkout(head);
      for (int i = 0; i < CHANGED_KEYS; i++) {
        tree.set(path(List.of("contracts", "index", address(random.nextInt(accounts))), "balance"),
            longBytes(random.nextLong(1L << 40)));
      }
      head = tree.commit(new CommitInfo(List.of(head), accounts + run, "block " + run));
      times.add((System.nanoTime() - start) / 1e9);
    }
    times.sort(Comparator.naturalOrder());
    row("commit changing 10,000 keys (median of 5)", times.get(CHANGE_RUNS / 2), CHANGED_KEYS, -1);
    return head;
  }

  private void rawInsertBuffer(long count, int valueSize) {
    Path env = dir.resolve("raw-buffer");
    SplittableRandom random = new SplittableRandom(3);
    long start = System.nanoTime();
    try (Env<ByteBuffer> lmdb = openRaw(Env.create(), env)) {
      Dbi<ByteBuffer> db = lmdb.openDbi("kv", DbiFlags.MDB_CREATE);
      ByteBuffer key = ByteBuffer.allocateDirect(32);
      byte[] keyBytes = new byte[32];
      byte[] value = new byte[valueSize];
      random.nextBytes(value);
      Txn<ByteBuffer> txn = lmdb.txnWrite();
      for (long i = 0; i < count; i++) {
        random.nextBytes(keyBytes);
        key.clear();
        key.put(keyBytes).flip();
        db.reserve(txn, key, valueSize, PutFlags.MDB_NOOVERWRITE).put(value);
        txn = batched(lmdb, txn, i + 1);
      }
      finish(lmdb, txn);
    }
    row("raw LMDB insert, ByteBuffer proxy (random 32-byte keys, " + valueSize + "-byte values)",
        (System.nanoTime() - start) / 1e9, count, count * (36 + valueSize));
  }

  private void rawInsertArray(long count, int valueSize) {
    Path env = dir.resolve("raw-array");
    SplittableRandom random = new SplittableRandom(3);
    long start = System.nanoTime();
    try (Env<byte[]> lmdb = openRaw(Env.create(ByteArrayProxy.PROXY_BA), env)) {
      Dbi<byte[]> db = lmdb.openDbi("kv", DbiFlags.MDB_CREATE);
      byte[] value = new byte[valueSize];
      random.nextBytes(value);
      Txn<byte[]> txn = lmdb.txnWrite();
      for (long i = 0; i < count; i++) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        db.put(txn, key, value, PutFlags.MDB_NOOVERWRITE);
        txn = batched(lmdb, txn, i + 1);
      }
      finish(lmdb, txn);
    }
    row("raw LMDB insert, byte[] proxy", (System.nanoTime() - start) / 1e9, count,
        count * (36 + valueSize));
  }

  private static <T> Env<T> openRaw(Env.Builder<T> builder, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return builder.setMapSize(1L << 40).setMaxDbs(1)
        .open(dir.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOMETASYNC);
  }

  private void tar(Path source) throws IOException, InterruptedException {
    Path archive = dir.resolve("context.tar");
    long start = System.nanoTime();
    Process tar = new ProcessBuilder("tar", "cf", archive.toString(), "-C", dir.toString(),
        source.getFileName().toString()).inheritIO().start();
    if (tar.waitFor() != 0) {
      throw new IOException("tar failed");
    }
    row("tar cf of the LMDB directory (for scale)", (System.nanoTime() - start) / 1e9, -1,
        Files.size(archive));
  }

  private void row(String what, double seconds, long objects, long bytes) {
    rows.add(new String[] {what, String.format("%.2f s", seconds),
        objects < 0 ? "" : String.format("%,.0f /s", objects / seconds),
        bytes < 0 ? "" : String.format("%,.0f MB/s", bytes / seconds / 1e6)});
  }

  private void row(String what, double value, String unit, String note) {
    rows.add(new String[] {what, String.format("%.0f %s", value, unit), "", note});
  }

  private void print() {
    System.out.println("| what | time / value | items/s | MB/s |");
    System.out.println("|---|---|---|---|");
    for (String[] row : rows) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static double peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / 1e6;
  }

  private static String mb(long bytes) {
    return String.format("%.1f", bytes / 1e6);
  }

  /** Commits every 50,000 inserts; returns the transaction to go on with. */
  private static <T> Txn<T> batched(Env<T> lmdb, Txn<T> txn, long inserted) {
    if (inserted % 50_000 != 0) {
      return txn;
    }
    txn.commit();
    txn.close();
    return lmdb.txnWrite();
  }

  private static <T> void finish(Env<T> lmdb, Txn<T> txn) {
    txn.commit();
    txn.close();
    lmdb.sync(true);
  }

  private static List<String> path(List<String> base, String last) {
    List<String> path = new ArrayList<>(base);
    path.add(last);
    return path;
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

}
