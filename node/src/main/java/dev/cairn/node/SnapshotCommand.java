package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.error.CairnException;
import dev.cairn.snapshot.SnapshotInfo;
import dev.cairn.snapshot.chain.ChainImport;
import dev.cairn.snapshot.chain.SnapshotChain;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.S3Uploads;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
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
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code cairn snapshot}: export, import and inspect snapshots (DESIGN §7–12). */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Export a block's state to a snapshot, import one into a fresh data directory, "
        + "verify one without importing it, or show what a snapshot holds.")
final class SnapshotCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing a command: try 'export', 'import', 'verify', 'info', 'sign', 'squash', "
            + "'list' or 'prune'");
  }

  /** Accepts the identifiers of DESIGN §8; anything else is a usage error, said in one line. */
  static final class BlockIdConverter implements ITypeConverter<BlockId> {
    @Override
    public BlockId convert(String value) {
      try {
        return BlockId.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A block hash ({@code B…}); anything else is a usage error saying what is wrong with it. */
  static final class BlockHashConverter implements ITypeConverter<BlockHash> {
    @Override
    public BlockHash convert(String value) {
      try {
        return BlockHash.parse(value);
      } catch (CairnException e) {
        throw new TypeConversionException(e.error().details());
      }
    }
  }

  /** A size such as {@code 99MiB}; anything else is a usage error saying what is accepted. */
  static final class SplitSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return HumanText.parseBytes(value, HumanText.MIN_SPLIT);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  enum Compression { NONE, ZSTD }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {
          "Writes the state of one block B to a snapshot: B itself, the context of B-1 (B is "
              + "replayed on it at import), the protocols, and the chain below: every cemented "
              + "cycle and the recent blocks (full), or only the max_operations_ttl blocks "
              + "below B (--rolling).",
          "Runs beside a node on the same data directory without holding it up. Writes in "
              + "a staging directory beside FILE (.FILE.export) and renames the snapshot to "
              + "FILE when complete: a failed, interrupted or killed export leaves no FILE, and "
              + "a second export to the same FILE is refused while the first runs. The same "
              + "store and block give byte-identical snapshots.",
          "Refusals: Invalid_export_block (unknown, genesis, caboose, pruned, pruned_pred, "
              + "not_enough_pred), Incompatible_history_mode (full export of a rolling store), "
              + "Invalid_export_path (FILE exists, or its directory does not), No_space_left."})
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

    @Option(names = "--split-size", paramLabel = "SIZE", converter = SplitSizeConverter.class,
        description = "Cut the tar into parts of SIZE (e.g. 99MiB; KiB, MiB, GiB), written as "
            + "FILE.<block hash>.part-00000, FILE.<block hash>.part-00001, ..., each listed "
            + "with its SHA-256 in the manifest. Import, verify and info then take "
            + "FILE.manifest.json as the snapshot.")
    private Long splitSize;

    @Option(names = "--sign-key", paramLabel = "KEYFILE", description = "Sign the manifest "
        + "with this secret key (cairn key generate); operators trust its edpk with "
        + "--trusted-key. More signers add theirs with 'cairn snapshot sign'.")
    private Path signKey;

    @Option(names = "--incremental-from", paramLabel = "MANIFEST", description = "Write an "
        + "incremental snapshot against the snapshot of this manifest (its parent, of an "
        + "earlier block of this chain, in the same mode; its snapshot beside it): only the "
        + "context objects, blocks, cemented cycles and protocols the parent lacks. Import, "
        + "verify and squash take the incremental's manifest and follow its parents. If this "
        + "node no longer holds the parent's context, it is rebuilt from the parent's chain.")
    private Path incrementalFrom;

    @Mixin
    private ProgressOption progressOption;

    @Option(names = "--json", description = "Print the result as one JSON object on standard "
        + "output.")
    private boolean json;

    @Mixin
    private RemoteAccessOptions remote;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Where to write; the "
        + "manifest (sizes, SHA-256 digests, signatures) goes beside it as FILE.manifest.json, "
        + "last. Default: "
        + "<chain_name>-<block_hash>-<level>.<full|rolling>[.zst] in the current directory. "
        + "s3://BUCKET/PREFIX/NAME uploads it instead (tar only), streaming: a multipart "
        + "upload of bounded parts, one object per part with --split-size, the manifest put "
        + "last; a failed or stopped upload is aborted and leaves no object.")
    private String file;

    @Override
    public Integer call() {
      boolean zstd = compress == Compression.ZSTD;
      if (zstd && format == ExportFormat.RAW) {
        throw new ParameterException(spec.commandLine(),
            "--compress zstd applies to the tar format only");
      }
      if (splitSize != null && format == ExportFormat.RAW) {
        throw new ParameterException(spec.commandLine(),
            "--split-size applies to the tar format only (a raw snapshot is already files)");
      }
      Optional<RemoteLocation.S3> upload = file != null && RemoteLocation.isRemote(file)
          ? Optional.of(s3Destination(file)) : Optional.empty();
      Optional<Path> local = upload.isPresent() || file == null ? Optional.empty()
          : Optional.of(new PathConverter().convert(file));
      if (upload.isPresent() && format == ExportFormat.RAW) {
        throw new ParameterException(spec.commandLine(), "an upload to S3 is a tar "
            + "(--export-format tar): a raw snapshot is a directory");
      }
      // The key is read first: a key that cannot sign stops the export before any work.
      Optional<SigningKey> key = Optional.ofNullable(signKey).map(KeyFile::read);
      if (upload.isPresent()) {
        return upload(upload.get(), zstd, key);
      }
      long started = System.nanoTime();
      SnapshotExporter.Result result;
      ProgressDisplay display = progressOption.display();
      try (display) {
        result = SnapshotExporter.export(new SnapshotExporter.Request(dataDirOption.dataDir(),
            block, rolling, format, zstd, local,
            splitSize == null ? OptionalLong.empty() : OptionalLong.of(splitSize),
            CairnCommand.Version.brief(), key, Optional.ofNullable(incrementalFrom)), display);
      } catch (CairnException e) {
        throw ProgressOption.interrupted(e, display, "the export was stopped; its staging "
            + "directory was removed and no snapshot was written");
      }
      long millis = millis(started);
      SnapshotMetadata metadata = result.metadata();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = JsonOutput.object();
        root.put("path", result.path().toAbsolutePath().toString());
        root.put("manifest", result.manifest().toString());
        root.put("parts", result.parts());
        key.ifPresent(k -> root.put("signed_by", k.publicKey().toString()));
        root.put("mode", metadata.mode());
        root.put("layout", format == ExportFormat.RAW ? "raw" : zstd ? "tar+zstd" : "tar");
        root.put("block_hash", metadata.block().toString());
        root.put("level", metadata.level());
        root.put("bytes", result.bytes());
        root.put("context_elements", metadata.contextElements());
        root.put("cemented_cycles", metadata.cementedCycles());
        root.put("floating_blocks", metadata.floatingBlocks());
        metadata.incremental().ifPresent(of -> JsonOutput.putParent(root, of.parent()));
        root.put("milliseconds", millis);
        JsonOutput.print(out, root);
        return 0;
      }
      out.println("exported " + metadata.mode() + (metadata.isIncremental() ? " incremental"
          : "") + " snapshot of block " + metadata.block()
          + " at level " + metadata.level() + " to " + result.path()
          + (result.parts() > 0 ? "." + metadata.block() + ".part-*" : ""));
      out.println("  manifest " + result.manifest()
          + (result.parts() > 0 ? " (" + HumanText.count(result.parts(), "part") + ")" : "")
          + key.map(k -> ", signed by " + k.publicKey()).orElse(""));
      out.println("  " + HumanText.bytes(result.bytes()) + " in " + millis + " ms; "
          + HumanText.count(metadata.contextElements(), "context object") + ", "
          + HumanText.count(metadata.cementedCycles(), "cemented cycle") + ", "
          + HumanText.count(metadata.floatingBlocks(), "floating block"));
      metadata.incremental().ifPresent(of -> out.println("  incremental on "
          + of.parent().block() + " at level " + of.parent().level() + " ("
          + of.parent().manifestName() + ")"));
      return 0;
    }

    private RemoteLocation.S3 s3Destination(String value) {
      if (!value.toLowerCase(java.util.Locale.ROOT).startsWith("s3://")) {
        throw new ParameterException(spec.commandLine(), "an export goes to a file or to "
            + "s3://BUCKET/KEY; over HTTP, upload the file with your server's own tools");
      }
      try {
        return (RemoteLocation.S3) RemoteLocation.parse(value);
      } catch (CairnException e) {
        throw new ParameterException(spec.commandLine(), e.error().details());
      }
    }

    private Integer upload(RemoteLocation.S3 destination, boolean zstd,
        Optional<SigningKey> key) {
      long started = System.nanoTime();
      SnapshotExporter.Uploaded result;
      RemoteOptions options = remote.options(1);
      ProgressDisplay display = progressOption.display();
      try (display) {
        result = SnapshotExporter.upload(new SnapshotExporter.Request(dataDirOption.dataDir(),
            block, rolling, format, zstd, Optional.empty(),
            splitSize == null ? OptionalLong.empty() : OptionalLong.of(splitSize),
            CairnCommand.Version.brief(), key, Optional.ofNullable(incrementalFrom)), destination,
            options, S3Uploads.PART_SIZE, display);
      } catch (CairnException e) {
        throw ProgressOption.interrupted(e, display, "the upload was stopped; it was aborted "
            + "and no object was left");
      }
      long millis = millis(started);
      SnapshotMetadata metadata = result.metadata();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = JsonOutput.object();
        root.put("location", result.location());
        root.put("manifest", result.manifest());
        root.put("parts", result.parts());
        key.ifPresent(k -> root.put("signed_by", k.publicKey().toString()));
        root.put("mode", metadata.mode());
        root.put("layout", zstd ? "tar+zstd" : "tar");
        root.put("block_hash", metadata.block().toString());
        root.put("level", metadata.level());
        root.put("bytes", result.bytes());
        root.put("milliseconds", millis);
        JsonOutput.print(out, root);
        return 0;
      }
      out.println("uploaded " + metadata.mode() + " snapshot of block " + metadata.block()
          + " at level " + metadata.level() + " to " + result.location()
          + (result.parts() > 0 ? "." + metadata.block() + ".part-*" : ""));
      out.println("  manifest " + result.manifest()
          + (result.parts() > 0 ? " (" + HumanText.count(result.parts(), "part") + ")" : "")
          + key.map(k -> ", signed by " + k.publicKey()).orElse(""));
      out.println("  " + HumanText.bytes(result.bytes()) + " in " + millis + " ms");
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
          "Builds beside the data directory and renames at the end: a failed or interrupted "
              + "import leaves the data directory as it was; a killed one leaves its staging "
              + "directory, which the next command removes.",
          "The data directory's parent must exist. --force replaces only a Cairn data "
              + "directory (config.json, store/, context/ and nothing else), and says which "
              + "head it replaced."})
  static final class Import implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOption dataDirOption;

    @Option(names = "--block", paramLabel = "HASH", converter = BlockHashConverter.class,
        description = "Refuse the snapshot unless it is of this block (a block hash, B...).")
    private BlockHash block;

    @Option(names = "--no-check", description = "Skip recomputing each floating and cemented "
        + "block's hashes (links and levels are still checked; the context and the replay of B "
        + "always are).")
    private boolean noCheck;

    @Option(names = "--force", description = "Replace a data directory that already holds a "
        + "node (its config.json is kept). The old one stays until the import succeeds; a "
        + "directory holding anything else is refused.")
    private boolean force;

    @Mixin
    private ProgressOption progressOption;

    @Option(names = "--json", description = "Print the result as one JSON object on standard "
        + "output.")
    private boolean json;

    @Option(names = "--manifest", paramLabel = "FILE", description = "With - (standard "
        + "input): the manifest the stream must match, its size and SHA-256 checked at its "
        + "end, before the import lands.")
    private Path manifest;

    @Mixin
    private TrustOptions trustOptions;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "With "
        + "a remote manifest of a split snapshot: how many parts are fetched ahead (into "
        + ".DATA_DIR.download beside the data directory, each deleted once read), while the "
        + "import reads them in order. Default: ${DEFAULT-VALUE}.")
    private int parallel;

    @Mixin
    private RemoteAccessOptions remote;

    @Option(names = "--parent", paramLabel = "MANIFEST", description = "With an incremental "
        + "snapshot's manifest: the manifest of a parent kept elsewhere (repeatable). Parents "
        + "are otherwise looked for beside their child's manifest, then beside SOURCE's.")
    private List<Path> parents = new ArrayList<>();

    @Parameters(paramLabel = "SOURCE", description = "The snapshot: a tar or tar+zstd file, a "
        + "raw directory, a manifest (FILE.manifest.json; the snapshot or its parts are read "
        + "beside it, every byte checked against it), - for standard input, or the URL of a "
        + "snapshot file or manifest: http(s)://... or s3://BUCKET/KEY, read as it downloads "
        + "and resumed where it stopped if the connection drops. An incremental snapshot's "
        + "manifest imports its whole chain: the base, then each incremental in order, the "
        + "result the same as a direct import of its block.")
    private String file;

    @Override
    public Integer call() {
      long started = System.nanoTime();
      SnapshotImporter.Result result;
      DataDir dataDir = dataDirOption.dataDir();
      RemoteOptions options = remote.options(parallel);
      ProgressDisplay display = progressOption.display();
      try (display) {
        SnapshotImporter.Request request = new SnapshotImporter.Request(dataDir, file,
            Optional.ofNullable(block), !noCheck, force, Optional.ofNullable(manifest),
            trustOptions.policy(TrustPolicy.NONE), true, options);
        result = SnapshotChain.isIncrementalManifest(file)
            ? ChainImport.run(request, parents, display)
            : SnapshotImporter.run(request, display);
      } catch (CairnException e) {
        throw ProgressOption.interrupted(e, display, "the import into " + dataDir.root() + " was "
            + "stopped; its staging directory was removed and the data directory is as it was");
      }
      long millis = millis(started);
      PrintWriter out = spec.commandLine().getOut();
      Markers markers = result.markers();
      if (json) {
        ObjectNode root = JsonOutput.object();
        root.put("data_dir", dataDir.root().toString());
        root.put("block_hash", result.metadata().block().toString());
        root.put("level", result.metadata().level());
        root.put("history_mode", result.historyMode().toString());
        JsonOutput.putRef(root, "head", markers.head());
        JsonOutput.putRef(root, "savepoint", markers.savepoint());
        JsonOutput.putRef(root, "caboose", markers.caboose());
        root.put("replaced_node", result.replacedNode());
        if (result.replaced().isPresent()) {
          JsonOutput.putRef(root, "replaced_head", result.replaced().get());
        }
        root.put("milliseconds", millis);
        JsonOutput.print(out, root);
        return 0;
      }
      out.println("imported block " + result.metadata().block() + " at level "
          + result.metadata().level() + " into " + dataDir.root() + " ("
          + result.historyMode() + ") in " + millis + " ms");
      result.manifest().flatMap(m -> m.manifest().parent()).ifPresent(parent -> out.println(
          "  through an incremental chain: its parent " + parent.block() + " at level "
              + parent.level() + " and the snapshots below it"));
      if (result.replacedNode()) {
        out.println("  replaced the node whose head was " + result.replaced()
            .map(BlockRef::toString).orElse("unreadable (its store could not be opened)")
            + "; its head is now " + markers.head());
      }
      out.println("  head " + markers.head() + ", savepoint " + markers.savepoint()
          + ", caboose " + markers.caboose());
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Shows a snapshot's header: its layout (raw, tar, tar+zstd) and size, the "
          + "chain, mode, block, contents and protocols, reading only its first three members "
          + "(constant time whatever its size).")
  static final class Info implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "One JSON object on standard output.")
    private boolean json;

    @Mixin
    private TrustOptions trustOptions;

    @Mixin
    private RemoteAccessOptions remote;

    @Parameters(paramLabel = "SOURCE", description = "The snapshot: a file, a raw directory, a "
        + "manifest (its snapshot read beside it), -, or a URL (http(s)://..., s3://BUCKET/KEY), "
        + "of which only the first members are fetched, in small ranges.")
    private String file;

    @Override
    public Integer call() {
      SnapshotInfo.Header info = SnapshotInfo.read(file,
          trustOptions.policy(TrustPolicy.SHOWN_ONLY), remote.options(1));
      SnapshotMetadata metadata = info.metadata();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = JsonOutput.object();
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
        metadata.incremental().ifPresent(of -> {
          JsonOutput.putParent(header, of.parent());
          header.put("cemented_through", of.cementedThrough());
        });
        header.put("layout", info.layout().toString());
        if (info.bytes().isPresent()) {
          header.put("bytes", info.bytes().getAsLong());
        }
        ArrayNode protocols = header.putArray("protocols");
        for (ProtocolLevel level : info.protocols().rows()) {
          protocols.addObject().put("proto_level", level.protoLevel())
              .put("protocol", level.protocol().toString())
              .put("activation_level", level.activationLevel());
        }
        info.manifest().ifPresent(signed -> {
          SnapshotManifest manifest = signed.manifest();
          ObjectNode node = root.putObject("manifest");
          node.put("snapshot", manifest.snapshotName());
          node.put("bytes", manifest.size());
          manifest.sha256().ifPresent(sha256 -> node.put("sha256", sha256.toHex()));
          node.put("parts", manifest.parts().size());
          node.put("files", manifest.files().size());
          node.put("cairn_version", manifest.cairnVersion());
          ArrayNode signatures = node.putArray("signatures");
          for (SignedManifest.ManifestSignature signature : signed.signatures()) {
            signatures.addObject().put("public_key", signature.key().toString())
                .put("valid", signed.verifies(signature));
          }
        });
        JsonOutput.print(out, root);
        return 0;
      }
      out.println("Cairn snapshot, version " + SnapshotMetadata.VERSION + ", " + info.layout()
          + (info.bytes().isPresent() ? ", " + HumanText.bytes(info.bytes().getAsLong()) : ""));
      out.println("  chain:          " + metadata.chainName());
      out.println("  mode:           " + metadata.mode() + " (exported from a "
          + metadata.sourceHistoryMode() + " node)");
      out.println("  block:          " + metadata.block() + " at level " + metadata.level());
      metadata.incremental().ifPresent(of -> out.println("  incremental on: " + of.parent()
          .block() + " at level " + of.parent().level() + " (" + of.parent().manifestName()
          + ", SHA-256 " + of.parent().manifestSha256().toHex() + ")"));
      out.println("  timestamp:      " + metadata.timestamp());
      out.println("  context:        " + HumanText.count(metadata.contextElements(), "object")
          + (metadata.isIncremental() ? " new since the parent" : "") + ", "
          + HumanText.bytes(metadata.contextBytes()));
      out.println("  blocks:         " + HumanText.count(metadata.cementedCycles(),
          "cemented cycle") + ", " + HumanText.count(metadata.floatingBlocks(), "floating block")
          + ", from level " + metadata.lowestLevel());
      for (ProtocolLevel level : info.protocols().rows()) {
        out.println("  protocol:       " + level.protocol() + " (level " + level.protoLevel()
            + ", from block " + level.activationLevel() + ")");
      }
      info.manifest().ifPresent(signed -> {
        SnapshotManifest manifest = signed.manifest();
        out.println("  manifest:       " + manifest.snapshotName() + ", "
            + (manifest.split() ? HumanText.count(manifest.parts().size(), "part")
                : manifest.layout() == Layout.RAW
                    ? HumanText.count(manifest.files().size(), "file") : "one file")
            + manifest.sha256().map(sha256 -> ", SHA-256 " + sha256.toHex()).orElse("")
            + "; written by Cairn " + manifest.cairnVersion());
        if (signed.signatures().isEmpty()) {
          out.println("  signatures:     none");
        }
        for (SignedManifest.ManifestSignature signature : signed.signatures()) {
          out.println("  signed by:      " + signature.key() + (signed.verifies(signature)
              ? " (valid)" : " (INVALID: the manifest changed after it was signed)"));
        }
      });
      return 0;
    }
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
