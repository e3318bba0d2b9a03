package dev.cairn.context.lmdb;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextTree;
import dev.cairn.store.hash.ContextHash;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A context writer for {@link GcCrashTest}, in its own JVM: from a start commit it loops forever,
 * making commits that rewrite a few hundred keys of a large directory, and collecting garbage after
 * every few, keeping the last three. It prints {@code commit <hash>} once a commit is durable and
 * {@code gc} as each collection starts, and is killed by the test at a random moment.
 */
public final class GcChildProcess {

  static final int KEPT = 3;

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
    try (LmdbContext context = LmdbContext.open(dir)) {
      ArrayDeque<ContextHash> recent = new ArrayDeque<>();
      ContextTree tree;
      if (args[2].equals("none")) {
        tree = context.emptyTree();
        for (int i = 0; i < 20_000; i++) {
          tree.set(List.of("big", "k" + i), new byte[] {(byte) i, (byte) (i >> 8)});
        }
      } else {
        recent.add(ContextHash.parse(args[2]));
        tree = context.checkout(recent.getLast());
      }
      for (long round = 0; ; round++) {
        for (int c = 0; c < 4; c++) {
          for (int k = 0; k < 300; k++) {
            int key = random.nextInt(20_000);
            tree.set(List.of("big", "k" + key), new byte[] {(byte) random.nextInt(256)});
            if (k % 10 == 0) {
              tree.remove(List.of("big", "k" + random.nextInt(20_000)));
            }
          }
          List<ContextHash> parents = recent.isEmpty() ? List.of() : List.of(recent.getLast());
          ContextHash hash = tree.commit(new CommitInfo(parents, round, "round " + round));
          System.out.println("commit " + hash);
          recent.add(hash);
          while (recent.size() > KEPT) {
            recent.removeFirst();
          }
        }
        System.out.println("gc");
        context.collectGarbage(new ArrayList<>(recent));
      }
    }
  }

  static Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx128m");
    command.add("--add-opens");
    command.add("java.base/java.nio=ALL-UNNAMED");
    command.add("--add-opens");
    command.add("java.base/sun.nio.ch=ALL-UNNAMED");
    command.add(GcChildProcess.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }
}
