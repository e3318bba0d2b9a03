package dev.cairn.store;

import dev.cairn.error.CairnException;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.synthetic.SyntheticChain;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * The other process of the multi-process tests, started with the test class path.
 *
 * <ul>
 *   <li>{@code write DIR MODE SEED}: create or open the store and keep adding blocks (a side branch
 *       every fifth level), printing {@code head LEVEL} once each head is durable, until killed;
 *   <li>{@code open DIR}: try to open the store for writing and print the outcome;
 *   <li>{@code read DIR}: open the store read-only and print {@code head LEVEL readable COUNT};
 *   <li>{@code own DIR}: create DIR as an {@link OwnedDirectory}, print {@code owned}, and hold it
 *       until killed.
 * </ul>
 */
public final class StoreChildProcess {

  /** Blocks per cycle in the writer's store: small, so that it cements and collects often. */
  static final int BLOCKS_PER_CYCLE = 4;
  private static final int MAX_LEVEL = 100_000;

  private StoreChildProcess() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    DataDir dataDir = DataDir.at(Path.of(args[1]));
    try {
      switch (args[0]) {
        case "write" -> write(dataDir, HistoryMode.parse(args[2]), Long.parseLong(args[3]), out);
        case "open" -> {
          try (BlockWriter store = BlockWriter.open(dataDir)) {
            out.println("opened " + store.markers().head().level());
          }
        }
        case "read" -> {
          try (BlockReader store = BlockReader.open(dataDir)) {
            int head = store.markers().head().level();
            long readable = IntStream.rangeClosed(0, head)
                .filter(level -> store.canonicalBlock(level).isPresent()).count();
            out.println("head " + head + " readable " + readable);
          }
        }
        case "own" -> {
          try (OwnedDirectory owned = OwnedDirectory.create(Path.of(args[1]))) {
            out.println("owned " + owned.path().getFileName());
            out.flush();
            new CountDownLatch(1).await(); // held, and reachable, until the test kills this
          }
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    } catch (CairnException e) {
      out.println("error " + e.error().name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
  }

  private static void write(DataDir dataDir, HistoryMode mode, long seed, PrintStream out) {
    SyntheticChain chain = new SyntheticChain(seed, 4, 4);
    BlockWriter store = Files.exists(dataDir.markersFile())
        ? BlockWriter.open(dataDir)
        : BlockWriter.create(dataDir, chain.config("crash", mode, BLOCKS_PER_CYCLE, 1),
            chain.genesis());
    Block head = store.canonicalBlock(store.markers().head().level()).orElseThrow();
    while (head.level() < MAX_LEVEL) {
      if (head.level() % 5 == 2) {
        store.store(chain.child(head, 1));
      }
      Block next = chain.next(head);
      store.store(next);
      store.setHead(next.hash());
      out.println("head " + next.level());
      out.flush();
      head = next;
    }
    store.close();
  }

  /** Starts this class in a new JVM with the test class path; stderr goes to {@code log}. */
  public static Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx128m");
    command.add(StoreChildProcess.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }
}
