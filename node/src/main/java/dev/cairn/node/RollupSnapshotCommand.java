package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.error.CairnException;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.snapshot.rollup.RollupSnapshotExporter;
import dev.cairn.snapshot.rollup.RollupSnapshotImporter;
import dev.cairn.snapshot.rollup.RollupSnapshotInfo;
import dev.cairn.snapshot.rollup.RollupSnapshotMetadata;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.validator.crypto.KeyFile;
import dev.cairn.validator.crypto.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn rollup snapshot}: export, import, info and verify of rollup snapshots. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Snapshots of a rollup node: full (every state it keeps) or compact (one state "
        + "and the messages to rebuild the rest on import). See docs/ROLLUPS.md.")
final class RollupSnapshotCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing a command: try 'export', 'import', 'info' or 'verify'");
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Writes a rollup data directory's snapshot (tar, or tar+zstd), with its "
          + "manifest FILE.manifest.json beside it, while 'cairn rollup run' goes on: the node "
          + "is held only while the export reads its states (it defers a state collection "
          + "meanwhile, never a level), whatever the compression.",
          "A full snapshot carries every state the node keeps; a compact one (--compact) the "
              + "last cemented commitment's state and the levels above it, their states rebuilt "
              + "on import. Without --no-check, the written snapshot is imported into a scratch "
              + "directory with every check, then removed."})
  static final class Export implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "R",
        description = "The rollup node's data directory.")
    private Path dataDir;

    @Option(names = "--compact", description = "One state and the messages above it.")
    private boolean compact;

    @Option(names = "--compression", defaultValue = "on-the-fly", paramLabel = "HOW",
        description = "no (a tar), on-the-fly (zstd as it is written: the least disk), or after "
            + "(a tar first, then compressed into the file). Default: ${DEFAULT-VALUE}.")
    private String compression;

    @Option(names = "--no-check", description = "Do not check the written snapshot.")
    private boolean noCheck;

    @Option(names = "--sign-key", paramLabel = "KEYFILE",
        description = "Sign the manifest with this key file ('cairn key generate').")
    private Path signKey;

    @Option(names = "--json", description = "One JSON object on standard output.")
    private boolean json;

    @Mixin
    private ProgressOption progressOption;

    @Parameters(arity = "0..1", paramLabel = "FILE",
        description = "Where to write it. Default: <rollup>-<level>.<full|compact>.rollup[.zst]"
            + " in the current directory.")
    private Path file;

    @Override
    public Integer call() {
      RollupSnapshotExporter.Compression how;
      try {
        how = RollupSnapshotExporter.Compression.parse(compression);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      Optional<SigningKey> key = Optional.ofNullable(signKey).map(KeyFile::read);
      long started = System.nanoTime();
      RollupSnapshotExporter.Result result;
      ProgressDisplay display = progressOption.display();
      try (display) {
        result = RollupSnapshotExporter.export(new RollupSnapshotExporter.Request(
            RollupCommand.rollupDir(dataDir), Optional.ofNullable(file), compact, how, !noCheck,
            key, CairnCommand.Version.brief()), display);
      } catch (CairnException e) {
        throw ProgressOption.interrupted(e, display, "the export was stopped; its staging "
            + "directory was removed and no snapshot was written");
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      PrintWriter out = spec.commandLine().getOut();
      RollupSnapshotMetadata metadata = result.metadata();
      if (json) {
        ObjectNode root = JsonOutput.object();
        root.put("snapshot", result.path().toString());
        root.put("manifest", result.manifest().toString());
        describe(root, metadata);
        root.put("bytes", result.bytes());
        root.put("hold_milliseconds", result.holdNanos() / 1e6);
        root.put("milliseconds", millis);
        JsonOutput.print(out, root);
        return 0;
      }
      out.println("exported " + metadata.mode() + " snapshot of " + metadata.rollup().rollup()
          + " at level " + metadata.headLevel() + " to " + result.path());
      out.printf("  %s, %d levels from %d, %d states, %s in %.1f s; the node was held "
              + "%.1f ms%n", HumanText.bytes(result.bytes()), metadata.levels(),
          metadata.baseLevel(), metadata.contextCommits(), how.name().toLowerCase()
              .replace('_', '-') + " compression", millis / 1000.0,
          result.holdNanos() / 1e6);
      out.println("  manifest " + result.manifest());
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Restores a rollup snapshot (a file, a manifest, -, an http(s):// URL or "
          + "an s3:// URI) into a rollup data directory, atomically.",
          "Each level is checked as it is read (links, inbox hashes, commitments); the states "
              + "it carries are restored, and every level above the oldest one is replayed "
              + "through the PVM, each state checked against its L2 block: for a compact "
              + "snapshot, that is how its states are rebuilt. With --l1-data-dir, each inbox "
              + "hash and the last cemented commitment are checked against L1.",
          "An existing directory is replaced only with --force, by the same rollup with a newer "
              + "head."})
  static final class Import implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "R",
        description = "The rollup data directory to create (or, with --force, replace).")
    private Path dataDir;

    @Option(names = "--l1-data-dir", paramLabel = "D",
        description = "An L1 data directory to check the snapshot against (read only).")
    private Path l1DataDir;

    @Option(names = "--no-check", description = "Take a full snapshot's states as restored "
        + "(each object's hash is still checked) rather than replaying them, and skip L1.")
    private boolean noCheck;

    @Option(names = "--force", description = "Replace an existing rollup data directory.")
    private boolean force;

    @Option(names = "--json", description = "One JSON object on standard output.")
    private boolean json;

    @Mixin
    private TrustOptions trustOptions;

    @Mixin
    private RemoteAccessOptions remote;

    @Mixin
    private ProgressOption progressOption;

    @Parameters(paramLabel = "SOURCE", description = "The snapshot, or its manifest.")
    private String source;

    @Override
    public Integer call() {
      long started = System.nanoTime();
      RollupSnapshotImporter.Result result;
      ProgressDisplay display = progressOption.display();
      try (display; Remotes remotes = new Remotes(remote.options(1), display,
          display::cancelled)) {
        result = RollupSnapshotImporter.run(new RollupSnapshotImporter.Request(source,
            RollupCommand.rollupDir(dataDir), Optional.ofNullable(l1DataDir)
                .map(DataDir::ofUserPath), !noCheck, force,
            trustOptions.policy(TrustPolicy.NONE),
            Optional.of(new SnapshotSource.RemoteAccess(remotes, Optional.empty()))), display);
      } catch (CairnException e) {
        throw ProgressOption.interrupted(e, display, "the import was stopped; its staging "
            + "directory was removed and the rollup directory is as it was");
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      PrintWriter out = spec.commandLine().getOut();
      RollupSnapshotMetadata metadata = result.metadata();
      if (json) {
        ObjectNode root = JsonOutput.object();
        root.put("data_dir", dataDir.toAbsolutePath().normalize().toString());
        describe(root, metadata);
        root.put("history_mode", result.config().historyMode().toString());
        root.put("replayed_levels", result.replayed());
        root.put("replay_milliseconds", result.replayNanos() / 1e6);
        root.put("milliseconds", millis);
        JsonOutput.print(out, root);
        return 0;
      }
      out.println("imported " + metadata.mode() + " snapshot of " + metadata.rollup().rollup()
          + " at level " + metadata.headLevel() + " into " + dataDir);
      out.printf("  %d levels from %d; %d replayed through the PVM (%.0f levels/s), each state "
              + "checked; history mode %s; %.1f s%n", metadata.levels(), metadata.baseLevel(),
          result.replayed(), result.replayed() / Math.max(result.replayNanos() / 1e9, 1e-9),
          result.config().historyMode(), millis / 1000.0);
      out.println("  head state " + metadata.headState());
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Shows a rollup snapshot's metadata and whether it is compressed, reading "
          + "only its first two members.")
  static final class Info implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "One JSON object on standard output.")
    private boolean json;

    @Mixin
    private TrustOptions trustOptions;

    @Mixin
    private RemoteAccessOptions remote;

    @Parameters(paramLabel = "SOURCE", description = "The snapshot, or its manifest.")
    private String source;

    @Override
    public Integer call() {
      RollupSnapshotInfo.Header header = RollupSnapshotInfo.read(source,
          trustOptions.policy(TrustPolicy.SHOWN_ONLY), remote.options(1));
      RollupSnapshotMetadata metadata = header.metadata();
      PrintWriter out = spec.commandLine().getOut();
      boolean compressed = header.layout().toString().contains("zstd");
      if (json) {
        ObjectNode root = JsonOutput.object();
        ObjectNode node = root.putObject("rollup_snapshot_header");
        node.put("version", 1);
        describe(node, metadata);
        node.put("layout", header.layout().toString());
        node.put("compressed", compressed);
        JsonOutput.print(out, root);
        return 0;
      }
      out.println("rollup snapshot, version 1, " + metadata.mode()
          + (compressed ? ", compressed (zstd)" : ", not compressed"));
      out.println("  rollup        " + metadata.rollup().rollup() + " (" + metadata.rollup()
          .kind() + ", L1 chain " + metadata.rollup().l1Chain() + ")");
      out.println("  head          level " + metadata.headLevel() + ", L1 block "
          + metadata.headL1Block() + ", " + metadata.timestamp());
      out.println("  head state    " + metadata.headState());
      out.println("  levels        " + metadata.levels() + " from " + metadata.baseLevel()
          + "; states from level " + metadata.contextFrom() + " (" + metadata.contextCommits()
          + ")");
      out.println("  cemented      " + metadata.lastCemented().map(c -> c.hash()
          + " (inbox level " + c.inboxLevel() + ")").orElse("none"));
      out.println("  source mode   " + metadata.rollup().historyMode());
      header.manifest().ifPresent(m -> out.println("  signatures    "
          + m.signatures().size()));
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Makes every check an import makes (the PVM replayed, each state checked) "
          + "in a scratch directory that is always removed; writes nothing else.")
  static final class Verify implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progressOption;

    @Parameters(paramLabel = "SOURCE", description = "The snapshot, or its manifest.")
    private String source;

    @Override
    public Integer call() {
      RollupSnapshotImporter.Result result;
      try (ProgressDisplay display = progressOption.display()) {
        result = RollupSnapshotImporter.verify(source,
            Path.of(System.getProperty("java.io.tmpdir")), display);
      }
      spec.commandLine().getOut().println("verified " + result.metadata().mode()
          + " snapshot of " + result.metadata().rollup().rollup() + " at level "
          + result.metadata().headLevel() + ": " + result.metadata().levels() + " levels, "
          + result.replayed() + " replayed through the PVM, every check passed");
      return 0;
    }
  }

  static void describe(ObjectNode node, RollupSnapshotMetadata metadata) {
    node.put("rollup", metadata.rollup().rollup().toString());
    node.put("kind", metadata.rollup().kind());
    node.put("l1_chain_id", metadata.rollup().l1Chain().toString());
    node.put("mode", metadata.mode());
    node.put("head_level", metadata.headLevel());
    node.put("head_l1_block", metadata.headL1Block().toString());
    node.put("timestamp", metadata.timestamp().toString());
    node.put("head_state", metadata.headState().toString());
    node.put("base_level", metadata.baseLevel());
    node.put("levels", metadata.levels());
    node.put("context_from", metadata.contextFrom());
    node.put("context_commits", metadata.contextCommits());
    if (metadata.lastCemented().isPresent()) {
      node.putObject("last_cemented").put("hash", metadata.lastCemented().get().hash()
          .toString()).put("inbox_level", metadata.lastCemented().get().inboxLevel());
    } else {
      node.putNull("last_cemented");
    }
    node.put("source_history_mode", metadata.rollup().historyMode().toString());
  }
}
