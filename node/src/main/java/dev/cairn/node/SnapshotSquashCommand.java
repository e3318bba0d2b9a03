package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.error.CairnException;
import dev.cairn.snapshot.export.SnapshotSquasher;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.validator.crypto.KeyFile;
import dev.cairn.validator.crypto.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot squash}: a chain of incrementals made one ordinary snapshot. */
@Command(name = "squash", mixinStandardHelpOptions = true,
    description = {
        "Turns an incremental snapshot and the chain below it (its parent, the parent's parent, "
            + "down to a base) into one ordinary snapshot of its block, without a node: byte "
            + "for byte the snapshot a direct export of that block gives, with its manifest.",
        "Each snapshot of the chain is read once, through its manifest (every digest checked), "
            + "each context dump or delta verified as an import does. The work happens in a "
            + "staging directory beside OUT (.OUT.export: it needs room for the context and the "
            + "blocks), and OUT appears whole or not at all. Parents are found beside their "
            + "child's manifest, beside MANIFEST's, or among --parent."})
final class SnapshotSquashCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--export-format", paramLabel = "FORMAT", defaultValue = "tar",
      description = "tar (one file) or raw (a directory). Default: ${DEFAULT-VALUE}.")
  private ExportFormat format;

  @Option(names = "--compress", paramLabel = "KIND", defaultValue = "none",
      description = "none or zstd (tar only). Default: ${DEFAULT-VALUE}.")
  private SnapshotCommand.Compression compress;

  @Option(names = "--split-size", paramLabel = "SIZE",
      converter = SnapshotCommand.SplitSizeConverter.class,
      description = "Cut the tar into parts of SIZE, listed in the manifest.")
  private Long splitSize;

  @Option(names = "--sign-key", paramLabel = "KEYFILE", description = "Sign OUT's manifest "
      + "with this secret key.")
  private Path signKey;

  @Option(names = "--parent", paramLabel = "MANIFEST", description = "The manifest of a parent "
      + "kept elsewhere (repeatable).")
  private List<Path> parents = new ArrayList<>();

  @Mixin
  private TrustOptions trustOptions;

  @Mixin
  private ProgressOption progressOption;

  @Option(names = "--json", description = "Print the result as one JSON object on standard "
      + "output.")
  private boolean json;

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest of the last "
      + "snapshot of the chain.")
  private Path manifest;

  @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the snapshot; its "
      + "manifest goes beside it as OUT.manifest.json.")
  private Path out;

  @Override
  public Integer call() {
    boolean zstd = compress == SnapshotCommand.Compression.ZSTD;
    if ((zstd || splitSize != null) && format == ExportFormat.RAW) {
      throw new ParameterException(spec.commandLine(),
          "--compress and --split-size apply to the tar format only");
    }
    Optional<SigningKey> key = Optional.ofNullable(signKey).map(KeyFile::read);
    long started = System.nanoTime();
    SnapshotSquasher.Result result;
    ProgressDisplay display = progressOption.display();
    try (display) {
      result = SnapshotSquasher.squash(new SnapshotSquasher.Request(manifest, parents,
          trustOptions.policy(TrustPolicy.NONE), format, zstd, out,
          splitSize == null ? OptionalLong.empty() : OptionalLong.of(splitSize),
          CairnCommand.Version.brief(), key), display);
    } catch (CairnException e) {
      throw ProgressOption.interrupted(e, display, "the squash was stopped; its staging "
          + "directory was removed and no snapshot was written");
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    SnapshotMetadata metadata = result.metadata();
    PrintWriter printer = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = JsonOutput.object();
      root.put("path", result.path().toString());
      root.put("manifest", result.manifest().toString());
      root.put("snapshots", result.snapshots());
      root.put("mode", metadata.mode());
      root.put("block_hash", metadata.block().toString());
      root.put("level", metadata.level());
      root.put("bytes", result.bytes());
      root.put("milliseconds", millis);
      JsonOutput.print(printer, root);
      return 0;
    }
    printer.println("squashed " + HumanText.count(result.snapshots(), "snapshot") + " into the "
        + metadata.mode() + " snapshot of block " + metadata.block() + " at level "
        + metadata.level() + ": " + result.path());
    printer.println("  manifest " + result.manifest() + "; " + HumanText.bytes(result.bytes())
        + " in " + millis + " ms");
    return 0;
  }
}
