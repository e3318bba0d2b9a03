package dev.cairn.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.snapshot.SnapshotInfo;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.hash.BlockHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot}: export, import and inspect snapshots (DESIGN §7–12). */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Export a block's state to a snapshot, import one into a fresh data directory, "
        + "or show what a snapshot holds.",
    subcommands = {SnapshotCommand.Export.class, SnapshotCommand.Import.class,
        SnapshotCommand.Info.class})
final class SnapshotCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing a command: try 'export', 'import' or 'info'.");
  }

  /** Accepts the identifiers of DESIGN §8; anything else is a usage error. */
  static final class BlockIdConverter implements ITypeConverter<BlockId> {
    @Override
    public BlockId convert(String value) {
      return BlockId.parse(value);
    }
  }

  enum Compression { NONE, ZSTD }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {
          "Writes the state of one block B to a snapshot: B itself, the context of B-1 (B is "
              + "replayed on it at import), the protocols, and the chain below: every cemented "
              + "cycle and the recent blocks (full), or only the max_operations_ttl blocks "
              + "below B (--rolling).",
          "Runs beside a node on the same data directory without holding it up. Writes to "
              + "FILE.tmp and renames it when complete: a failed or killed export leaves no "
              + "FILE. The same store and block give byte-identical snapshots.",
          "Refusals: Invalid_export_block (unknown, genesis, caboose, pruned, pruned_pred, "
              + "not_enough_pred), Incompatible_history_mode (full export of a rolling store), "
              + "Invalid_export_path (FILE exists)."})
  static final class Export implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOption dataDirOption;

    @Option(names = "--block", paramLabel = "ID", converter = BlockIdConverter.class,
        description = "The block to export: a hash (B...), a level, head, head~N, checkpoint, "
            + "savepoint, caboose, caboose+N or genesis. Default: checkpoint.")
    private BlockId block = BlockId.DEFAULT;

    @Option(names = "--rolling", description = "A rolling snapshot: only the blocks B's "
        + "operations may refer to (smaller; the imported node is in rolling mode).")
    private boolean rolling;

    @Option(names = "--export-format", paramLabel = "FORMAT", defaultValue = "tar",
        description = "tar (one file) or raw (a directory). Default: ${DEFAULT-VALUE}.")
    private ExportFormat format;

    @Option(names = "--compress", paramLabel = "KIND", defaultValue = "none",
        description = "none or zstd (tar only; import detects it). Default: ${DEFAULT-VALUE}.")
    private Compression compress;

    @Mixin
    private ProgressOption progressOption;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Where to write. Default: "
        + "<chain_name>-<block_hash>-<level>.<full|rolling>[.zst] in the current directory.")
    private Path file;

    @Override
    public Integer call() {
      boolean zstd = compress == Compression.ZSTD;
      if (zstd && format == ExportFormat.RAW) {
        throw new ParameterException(spec.commandLine(),
            "--compress zstd applies to the tar format only");
      }
      long started = System.nanoTime();
      SnapshotExporter.Result result;
      try (ProgressDisplay display = progressOption.display()) {
        result = SnapshotExporter.export(new SnapshotExporter.Request(dataDirOption.dataDir(),
            block, rolling, format, zstd, Optional.ofNullable(file)), display);
      }
      SnapshotMetadata metadata = result.metadata();
      PrintWriter out = spec.commandLine().getOut();
      out.println("exported " + metadata.mode() + " snapshot of block " + metadata.block()
          + " at level " + metadata.level() + " to " + result.path());
      out.println("  " + result.bytes() + " bytes in " + millis(started) + " ms; "
          + metadata.contextElements() + " context objects, " + metadata.cementedCycles()
          + " cemented cycles, " + metadata.floatingBlocks() + " floating blocks");
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {
          "Bootstraps a data directory from a snapshot (Raw directory, tar, or zstd-compressed "
              + "tar, told apart by content; - reads a tar from standard input).",
          "Checks, in order: the data directory is bare; version; chain name and history mode "
              + "against config.json if there is one; protocol files; the block against "
              + "--block; the context of B-1, every object rehashed; B replayed on it, which "
              + "must give B's context hash; every floating and cemented block.",
          "Builds beside the data directory and renames at the end: a failed or killed import "
              + "leaves the data directory as it was (the next import cleans up)."})
  static final class Import implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOption dataDirOption;

    @Option(names = "--block", paramLabel = "HASH",
        description = "Refuse the snapshot unless it is of this block.")
    private String block;

    @Option(names = "--no-check", description = "Skip recomputing each floating and cemented "
        + "block's hashes (links and levels are still checked; the context and the replay of B "
        + "always are).")
    private boolean noCheck;

    @Option(names = "--force", description = "Replace a data directory that already holds a "
        + "node (its config.json is kept). The old one stays until the import succeeds.")
    private boolean force;

    @Mixin
    private ProgressOption progressOption;

    @Parameters(paramLabel = "FILE", description = "The snapshot, or - for standard input.")
    private String file;

    @Override
    public Integer call() {
      Optional<BlockHash> expected;
      try {
        expected = Optional.ofNullable(block).map(BlockHash::parse);
      } catch (RuntimeException e) {
        throw new ParameterException(spec.commandLine(), "--block: '" + block
            + "' is not a block hash (B...)");
      }
      long started = System.nanoTime();
      SnapshotImporter.Result result;
      try (ProgressDisplay display = progressOption.display()) {
        result = SnapshotImporter.run(new SnapshotImporter.Request(dataDirOption.dataDir(),
            file, expected, !noCheck, force), display);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("imported block " + result.metadata().block() + " at level "
          + result.metadata().level() + " into " + dataDirOption.dataDir().root() + " ("
          + result.historyMode() + ") in " + millis(started) + " ms");
      out.println("  head " + result.markers().head() + ", savepoint "
          + result.markers().savepoint() + ", caboose " + result.markers().caboose());
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Shows a snapshot's header, reading only its first two members (constant "
          + "time whatever its size).")
  static final class Info implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "One JSON object on standard output.")
    private boolean json;

    @Parameters(paramLabel = "FILE", description = "The snapshot (file, directory, or -).")
    private String file;

    @Override
    public Integer call() throws Exception {
      SnapshotMetadata metadata = SnapshotInfo.read(file);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode header = root.putObject("snapshot_header");
        header.put("version", SnapshotMetadata.VERSION);
        header.put("chain_name", metadata.chainName());
        header.put("mode", metadata.mode());
        header.put("block_hash", metadata.block().toString());
        header.put("level", metadata.level());
        header.put("timestamp", metadata.timestamp().toString());
        header.put("context_elements", metadata.contextElements());
        header.put("context_bytes", metadata.contextBytes());
        header.put("protocol_levels", metadata.protocolLevels());
        header.put("floating_blocks", metadata.floatingBlocks());
        header.put("cemented_cycles", metadata.cementedCycles());
        header.put("lowest_level", metadata.lowestLevel());
        header.put("source_history_mode", metadata.sourceHistoryMode());
        out.println(mapper.writeValueAsString(root));
        return 0;
      }
      out.println("Cairn snapshot, version " + SnapshotMetadata.VERSION);
      out.println("  chain:          " + metadata.chainName());
      out.println("  mode:           " + metadata.mode() + " (exported from a "
          + metadata.sourceHistoryMode() + " node)");
      out.println("  block:          " + metadata.block() + " at level " + metadata.level());
      out.println("  timestamp:      " + metadata.timestamp());
      out.println("  context:        " + metadata.contextElements() + " objects, "
          + metadata.contextBytes() + " bytes");
      out.println("  blocks:         " + metadata.cementedCycles() + " cemented cycles, "
          + metadata.floatingBlocks() + " floating blocks, from level "
          + metadata.lowestLevel());
      out.println("  protocols:      " + metadata.protocolLevels() + " protocol levels");
      return 0;
    }
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
