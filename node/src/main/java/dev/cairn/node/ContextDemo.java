package dev.cairn.node;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.Context;
import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextTree;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.store.hash.ContextHash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The context part of {@code cairn demo}: a state of many accounts under one large directory,
 * committed block by block; an old commit still read as it was; a dump restored with every check;
 * a damaged dump refused with its typed error; garbage collected down to the head.
 */
final class ContextDemo {

  private static final int ACCOUNTS_PER_COMMIT = 5_000;

  private final PrintWriter out;
  private final Path root;
  private final int accounts;

  ContextDemo(PrintWriter out, Path root, int accounts) {
    this.out = out;
    this.root = root;
    this.accounts = accounts;
  }

  void run() throws IOException {
    Path dump = root.resolve("context.dump");
    ContextHash first;
    ContextHash head;
    long objects;
    long bytes;
    try (LmdbContext context = LmdbContext.open(root.resolve("context"))) {
      long start = System.nanoTime();
      ContextTree tree = context.emptyTree();
      SplittableRandom random = new SplittableRandom(7);
      head = null;
      for (int account = 0; account < accounts; account++) {
        tree.set(balance(account), longBytes(1_000_000 + random.nextInt(1_000_000)));
        tree.set(List.of("contracts", "index", address(account), "counter"), longBytes(0));
        if ((account + 1) % ACCOUNTS_PER_COMMIT == 0 || account == accounts - 1) {
          head = tree.commit(info(head, account));
        }
      }
      first = head;
      out.printf("Built a context of %,d accounts in commits of %,d: %.1f s, head %s%n", accounts,
          ACCOUNTS_PER_COMMIT, seconds(start), head);

      start = System.nanoTime();
      for (int i = 0; i < 1_000; i++) {
        tree.set(balance(random.nextInt(accounts)), longBytes(random.nextInt(1_000_000)));
      }
      tree.set(balance(0), longBytes(42));
      head = tree.commit(info(head, accounts));
      out.printf("Changed 1,000 balances in one commit: %.2f s, %s%n", seconds(start), head);
      out.printf("  balance of %s: %d at the head, %d in the commit before%n", address(0),
          readLong(context, head, balance(0)), readLong(context, first, balance(0)));

      start = System.nanoTime();
      try (ContextDump planned = context.openDump(head);
          OutputStream file = new BufferedOutputStream(Files.newOutputStream(dump), 1 << 16)) {
        objects = planned.objectCount();
        bytes = planned.byteLength();
        planned.writeTo(file, Progress.NONE);
      }
      out.printf("Dumped the head: %,d objects, %.1f MiB, %.2f s%n", objects, bytes / 1048576.0,
          seconds(start));
    }

    restore(dump, bytes, head);
    damaged(dump, bytes, head);

    try (LmdbContext context = LmdbContext.open(root.resolve("context"))) {
      Context.GcSummary gc = context.collectGarbage(List.of(head));
      out.printf("Collected garbage keeping only the head: %,d objects kept, %,d deleted%n",
          gc.reachable(), gc.deleted());
      try {
        context.checkout(first);
        out.println("  the first commit is still there (unexpected!)");
      } catch (CairnException gone) {
        out.printf("  checking out the first commit now: cairn: %s: %s%n", gone.error().name(),
            gone.error().details());
      }
    }
  }

  private void restore(Path dump, long bytes, ContextHash head) throws IOException {
    long start = System.nanoTime();
    Path restored = root.resolve("restored-context");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dump), 1 << 16)) {
      ContextHash hash = LmdbContext.restore(restored, in, bytes, head, Progress.NONE);
      out.printf("Restored it into a fresh context, every object re-hashed and checked: %.2f s, "
          + "%s%n", seconds(start), hash.equals(head) ? "same hash" : "a DIFFERENT hash");
    }
  }

  private void damaged(Path dump, long bytes, ContextHash head) throws IOException {
    Path copy = root.resolve("damaged.dump");
    Files.copy(dump, copy);
    try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      long at = bytes / 2;
      channel.read(one, at);
      one.put(0, (byte) (one.get(0) ^ 0x20)).rewind();
      channel.write(one, at);
    }
    Path target = root.resolve("damaged-context");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(copy), 1 << 16)) {
      LmdbContext.restore(target, in, bytes, head, Progress.NONE);
      out.println("The damaged dump was accepted (unexpected!)");
    } catch (CairnException refused) {
      out.printf("The same dump with one bit flipped at byte %,d:%n  cairn: %s: %s%n", bytes / 2,
          refused.error().name(), refused.error().details());
      out.printf("  and nothing was left behind: %s%s%n", target.getFileName(),
          Files.exists(target) ? " EXISTS (unexpected!)" : " does not exist");
    }
  }

  private static long readLong(Context context, ContextHash commit, List<String> path) {
    return ByteBuffer.wrap(context.checkout(commit).find(path).orElseThrow()).getLong();
  }

  private static List<String> balance(int account) {
    return List.of("contracts", "index", address(account), "balance");
  }

  private static String address(int account) {
    return String.format("tz1%016x", (account + 1) * 0x9E3779B97F4A7C15L);
  }

  private static CommitInfo info(ContextHash parent, int n) {
    return new CommitInfo(parent == null ? List.of() : List.of(parent), 1_700_000_000L + n,
        "demo " + n);
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
