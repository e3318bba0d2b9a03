package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotInfo;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.remote.RemoteOptions;
import java.time.Duration;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.snapshot.verify.SnapshotVerifier;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.FileTree;
import dev.cairn.validator.chain.ChainCheck;
import dev.cairn.validator.chain.ChainWriter;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.crypto.KeyFile;
import dev.cairn.validator.crypto.SigningKey;
import dev.cairn.validator.ledger.TestnetParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The snapshot part of {@code cairn demo}, which comes first: a testnet generated in a temporary
 * directory, exported Full/Tar (zstd) and Rolling/Raw, inspected with {@code info}, imported into
 * fresh data directories with every check, baked on and checked there, and three damaged copies
 * of a Raw snapshot refused with their typed errors; then trust: a key, a split and signed
 * export, verify, an untrusted key and a damaged part refused. Ends with a summary of sizes and
 * timings.
 */
final class SnapshotDemo {

  private static final int MORE = 16;

  private final PrintWriter out;
  private final Path root;
  private final int blocks;
  private final int accounts;

  private record Line(String what, long bytes, double exportSeconds, double importSeconds,
      int head) {}

  private record Exported(SnapshotExporter.Result result, double seconds) {}

  private int damagedCount;

  SnapshotDemo(PrintWriter out, Path root, int blocks, int accounts) {
    this.out = out;
    this.root = root.resolve("snapshots");
    this.blocks = blocks;
    this.accounts = accounts;
  }

  void run() throws IOException {
    Files.createDirectories(root);
    long start = System.nanoTime();
    FixtureSpec spec = new FixtureSpec(FixtureSpec.DEFAULT_CHAIN_NAME, blocks, 8, 1,
        HistoryMode.full(1), 10, 16, new TestnetParameters(1, accounts, 8, 8, blocks / 2,
            1_000_000_000L));
    TestnetGenerator.Generated generated = TestnetGenerator.generate(root.resolve("node"), spec,
        GcPolicy.AMORTIZED, Progress.NONE);
    DataDir node = generated.dataDir();
    Markers markers = generated.markers();
    out.printf("1. Generated a testnet: %d blocks, %,d signed operations, %,d accounts, full:1 "
        + "(%.1f s)%n   head %s, checkpoint at level %d, savepoint at level %d%n", blocks,
        generated.operations(), accounts, seconds(start), markers.head(),
        markers.checkpoint().level(), markers.savepoint().level());

    List<Line> lines = new ArrayList<>();
    out.printf("%n2. Exported the checkpoint twice, each written beside its destination and "
        + "renamed when whole:%n");
    Exported full = export(node, false, ExportFormat.TAR, true, "full.tar.zst");
    Exported rolling = export(node, true, ExportFormat.RAW, false, "rolling.raw");

    out.printf("%n3. cairn snapshot info %s (reads its first three members only):%n",
        full.result().path().getFileName());
    SnapshotMetadata info = SnapshotInfo.read(full.result().path().toString()).metadata();
    out.printf("   %s, %s, block %s at level %d, %s%n   %,d context objects, %d cemented cycles, "
        + "%d floating blocks%n", info.chainName(), info.mode(), info.block(), info.level(),
        info.timestamp(), info.contextElements(), info.cementedCycles(), info.floatingBlocks());

    out.printf("%n4. Imported each into a fresh data directory, checking everything (every "
        + "block's hashes,%n   every context object, B replayed on B-1's context), baked %d "
        + "blocks on it, checked it:%n", MORE);
    lines.add(importAndBake(full, "Full/Tar+zstd"));
    lines.add(importAndBake(rolling, "Rolling/Raw"));

    out.printf("%n5. Damaged snapshots are refused, and the data directory is left as it "
        + "was:%n");
    Path plain = export(node, false, ExportFormat.RAW, false, "plain.raw").result().path();
    refuse("one flipped bit in the context", plain, damaged -> {
      Path context = damaged.resolve("context");
      try (FileChannel channel = FileChannel.open(context, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        ByteBuffer one = ByteBuffer.allocate(1);
        long middle = channel.size() / 2;
        channel.read(one, middle);
        one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
        channel.write(one, middle);
      }
    });
    refuse("floating_blocks, a link to /etc/passwd", plain, damaged -> {
      Files.delete(damaged.resolve("floating_blocks"));
      Files.createSymbolicLink(damaged.resolve("floating_blocks"), Path.of("/etc/passwd"));
    });
    refuse("a cemented cycle missing", plain,
        damaged -> Files.delete(damaged.resolve("cemented").resolve("9_16")));

    trust(node);
    distribution(full);

    out.printf("%n   %-14s %10s %10s %10s %11s%n", "snapshot", "size", "export", "import",
        "baked to");
    for (Line line : lines) {
      out.printf("   %-14s %10s %8.2f s %8.2f s %11d%n", line.what(), human(line.bytes()),
          line.exportSeconds(), line.importSeconds(), line.head());
    }
    out.printf("   (the node's data directory: %s)%n", human(sizeOf(node.root())));
    new IncrementalDemo(out, root).run(node, full.result());
  }

  /**
   * Step 7, distribution: the full snapshot served by a web server on 127.0.0.1 and imported
   * from its URL, the server dropping the connection once mid-file.
   */
  private void distribution(Exported full) throws IOException {
    out.printf("%n7. Distribution: imported from a web server on 127.0.0.1 (DESIGN §15):%n");
    Path published = full.result().path();
    try (DemoFileServer server = DemoFileServer.serve(published.getParent())) {
      String url = server.url(published.getFileName() + SnapshotManifest.FILE_SUFFIX)
          .toString();
      // The snapshot's first answer is cut short: the import resumes from the byte it reached.
      server.dropNextAfter(published.getFileName().toString(), 10_000);
      List<String> notices = new ArrayList<>();
      Progress noting = new Progress() {
        @Override
        public void phase(String name, long total) {}

        @Override
        public void advance(long done) {}

        @Override
        public void notice(String line) {
          synchronized (notices) {
            notices.add(line);
          }
        }
      };
      DataDir target = DataDir.at(root.resolve("from-http"));
      long start = System.nanoTime();
      SnapshotImporter.Result imported = SnapshotImporter.run(new SnapshotImporter.Request(
          target, url, Optional.empty(), true, false, Optional.empty(), TrustPolicy.NONE, true,
          RemoteOptions.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), 3,
              Duration.ofMillis(100))), noting);
      out.printf("   cairn snapshot import %s%n   block %s at level %d, every byte checked "
          + "against the manifest as it arrived (%.2f s)%n", url, imported.metadata().block(),
          imported.metadata().level(), seconds(start));
      synchronized (notices) {
        for (String notice : notices) {
          out.printf("   resumed after the server dropped the connection:%n   %s%n",
              notice);
        }
      }
    }
  }

  /**
   * Step 6, trust: a publisher's key, an export split into parts and signed, verified against
   * the key; an untrusted key refused before anything is written; a damaged part named.
   */
  private void trust(DataDir node) throws IOException {
    out.printf("%n6. Trust: a publisher signs, an operator checks (DESIGN §14):%n");
    Path keyFile = root.resolve("publisher.key");
    SigningKey publisher = SigningKey.generate(new SecureRandom());
    KeyFile.write(keyFile, publisher);
    out.printf("   cairn key generate --out %s: %s (mode 0600)%n", keyFile.getFileName(),
        publisher.publicKey());
    SnapshotExporter.Result split = SnapshotExporter.export(new SnapshotExporter.Request(node,
        BlockId.DEFAULT, false, ExportFormat.TAR, true, Optional.of(root.resolve("signed.tar.zst")),
        OptionalLong.of(64 * 1024), CairnCommand.Version.brief(), Optional.of(publisher)),
        Progress.NONE);
    out.printf("   export --split-size 64KiB --sign-key: %d parts and %s, signed%n",
        split.parts(), split.manifest().getFileName());
    TrustPolicy trusted = TrustPolicy.of(List.of(publisher.publicKey()), Optional.empty());
    Path scratch = Files.createDirectories(root.resolve("scratch"));
    long start = System.nanoTime();
    SnapshotVerifier.Report report = SnapshotVerifier.verify(new SnapshotVerifier.Request(
        split.manifest().toString(), Optional.empty(), Optional.empty(), scratch, trusted),
        Progress.NONE);
    out.printf("   verify --trusted-key: every part's SHA-256, the signature, B-1's context "
        + "(%,d objects),%n   B replayed, every block: passed in %.2f s; scratch left: %s%n",
        report.metadata().contextElements(), seconds(start), listing(scratch));
    SigningKey stranger = SigningKey.generate(new SecureRandom());
    DataDir target = DataDir.at(root.resolve("untrusted"));
    try {
      SnapshotImporter.run(new SnapshotImporter.Request(target, split.manifest().toString(),
          Optional.empty(), true, false, Optional.empty(),
          TrustPolicy.of(List.of(stranger.publicKey()), Optional.empty())), Progress.NONE);
      out.printf("   import with another key trusted: imported (unexpected!)%n");
    } catch (CairnException e) {
      out.printf("   import with another key trusted: cairn: %s: %s%n   %s%n", e.error().name(),
          abbreviate(e.error().details()), Files.exists(target.root())
              || Files.exists(target.importStagingDir()) ? "something was written (unexpected!)"
              : "nothing was written, not even a staging directory");
    }
    Path part = root.resolve(SnapshotManifest.partName("signed.tar.zst",
        split.metadata().block(), 1));
    byte[] bytes = Files.readAllBytes(part);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(part, bytes);
    try {
      SnapshotVerifier.verify(new SnapshotVerifier.Request(split.manifest().toString(),
          Optional.empty(), Optional.empty(), scratch, trusted), Progress.NONE);
      out.printf("   one bit flipped in part 1: verified (unexpected!)%n");
    } catch (CairnException e) {
      out.printf("   one bit flipped in part 1, verify: cairn: %s: %s%n", e.error().name(),
          abbreviate(e.error().details()));
    }
  }

  private static String listing(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).toList();
      return names.isEmpty() ? "nothing" : String.join(", ", names);
    }
  }

  private Exported export(DataDir node, boolean rolling, ExportFormat format,
      boolean zstd, String name) {
    long start = System.nanoTime();
    SnapshotExporter.Result result = SnapshotExporter.export(new SnapshotExporter.Request(node,
        BlockId.DEFAULT, rolling, format, zstd, Optional.of(root.resolve(name))), Progress.NONE);
    double seconds = seconds(start);
    if (!name.startsWith("plain.")) {
      out.printf("   %-13s %s, %s in %.2f s%n", name, result.metadata().mode() + "/"
          + format.name().toLowerCase(Locale.ROOT) + (zstd ? "+zstd" : ""),
          human(result.bytes()), seconds);
    }
    return new Exported(result, seconds);
  }

  private Line importAndBake(Exported exported, String what) {
    SnapshotExporter.Result snapshot = exported.result();
    DataDir target = DataDir.at(root.resolve("imported-" + snapshot.metadata().mode()));
    long start = System.nanoTime();
    SnapshotImporter.Result imported = SnapshotImporter.run(new SnapshotImporter.Request(target,
        snapshot.path().toString(), Optional.empty(), true, false), Progress.NONE);
    double importSeconds = seconds(start);
    Markers markers;
    try (ChainWriter writer = ChainWriter.open(target, ChainWriter.Durability.EACH_BLOCK,
        GcPolicy.EVERY_CEMENTING)) {
      TestnetBaker baker = new TestnetBaker(writer, 10, 0);
      for (int i = 0; i < MORE; i++) {
        baker.bakeNext();
      }
      markers = writer.store().markers();
    }
    ChainCheck.Report report = ChainCheck.run(target, true, Progress.NONE);
    out.printf("   %-13s %s: head at level %d, savepoint %d, caboose %d; after baking, head "
        + "at level %d;%n   %16s store check --replay passed (%d blocks replayed)%n", what,
        imported.historyMode(), imported.markers().head().level(),
        imported.markers().savepoint().level(), imported.markers().caboose().level(),
        markers.head().level(), "", report.replayed());
    return new Line(what, snapshot.bytes(), exported.seconds(), importSeconds,
        markers.head().level());
  }

  /** A change made to a copy of a Raw snapshot's directory. */
  @FunctionalInterface
  private interface Damage {
    void apply(Path snapshot) throws IOException;
  }

  private void refuse(String what, Path snapshot, Damage damage) throws IOException {
    Path file = root.resolve("damaged-" + (++damagedCount) + ".raw");
    copyTree(snapshot, file);
    damage.apply(file);
    DataDir target = DataDir.at(root.resolve("refused"));
    try {
      SnapshotImporter.run(new SnapshotImporter.Request(target, file.toString(),
          Optional.empty(), true, false), Progress.NONE);
      out.printf("   %-38s imported (unexpected!)%n", what);
    } catch (CairnException e) {
      out.printf("   %-38s cairn: %s: %s%n", what, e.error().name(),
          abbreviate(e.error().details()));
    }
    out.printf("   %-38s %s%n", "", Files.exists(target.root())
        ? "the data directory exists (unexpected!)" : "no data directory was created");
    FileTree.delete(file); // a damaged copy (one holds a link to /etc/passwd) is not kept
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 150 ? text : text.substring(0, 147) + "...";
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  static String human(long bytes) {
    return bytes < 1 << 20 ? String.format("%.1f KiB", bytes / 1024.0)
        : String.format("%.1f MiB", bytes / 1048576.0);
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
