package dev.cairn.snapshot.export;

import dev.cairn.context.Context;
import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextError;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.BlockData;
import dev.cairn.snapshot.format.FloatingBlocks;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.snapshot.io.SnapshotSink;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.snapshot.remote.S3Uploads;
import dev.cairn.store.BlockReader;
import dev.cairn.store.BlockView;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.validator.Receipts;
import dev.cairn.validator.crypto.SigningKey;
import dev.cairn.validator.protocol.ProtocolError;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code cairn snapshot export}: writes one block's snapshot (DESIGN §7–8) beside a node that may
 * keep running.
 *
 * <p>Consistency without holding the node up: the store is opened as a pinned reader ({@link
 * BlockReader#openPinned}), whose cemented files are hard links that the node's GC cannot take
 * away, and whose floating log stays open; the context dump of B−1 is walked under one read
 * transaction (through the {@link Context} contract) and spooled before anything is written. The
 * node never waits for the export. Everything is written in a staging directory beside the
 * destination that this export owns ({@link OwnedDirectory}; {@link DataDir#exportStagingDir}
 * names it, one name per destination): the spools, and the snapshot itself, renamed to the
 * destination when whole. A failed export deletes the staging directory; a killed one leaves it
 * to the next export to that destination, which deletes it once no process owns it; a second
 * export to a destination while the first runs is refused ({@code Invalid_export_path}).
 */
public final class SnapshotExporter {

  /**
   * What to export, and where.
   *
   * @param splitSize cut a Tar snapshot into parts of this many bytes
   * @param cairnVersion the exporting Cairn's version, for the manifest
   * @param signWith the key that signs the manifest, if any
   * @param incrementalFrom the manifest of the parent snapshot an incremental export is made
   *     against (DESIGN §16); empty for an ordinary snapshot
   */
  public record Request(DataDir dataDir, BlockId block, boolean rolling,
      SnapshotSink.ExportFormat format, boolean zstd, Optional<Path> destination,
      OptionalLong splitSize, String cairnVersion, Optional<SigningKey> signWith,
      Optional<Path> incrementalFrom) {

    /** An ordinary (not incremental) export. */
    public Request(DataDir dataDir, BlockId block, boolean rolling,
        SnapshotSink.ExportFormat format, boolean zstd, Optional<Path> destination,
        OptionalLong splitSize, String cairnVersion, Optional<SigningKey> signWith) {
      this(dataDir, block, rolling, format, zstd, destination, splitSize, cairnVersion, signWith,
          Optional.empty());
    }

    /** An export with no split, by a Cairn of unknown version (tests, benchmarks). */
    public Request(DataDir dataDir, BlockId block, boolean rolling,
        SnapshotSink.ExportFormat format, boolean zstd, Optional<Path> destination) {
      this(dataDir, block, rolling, format, zstd, destination, OptionalLong.empty(),
          "unknown", Optional.empty(), Optional.empty());
    }
  }

  /**
   * What was written.
   *
   * @param manifest the manifest beside the snapshot
   * @param parts how many parts the snapshot was cut into; 0 if none
   */
  public record Result(Path path, Path manifest, SnapshotMetadata metadata, long bytes,
      int parts) {}

  private SnapshotExporter() {}

  public static Result export(Request request, Progress progress) {
    DataDir dataDir = request.dataDir();
    try (BlockReader store = BlockReader.openPinned(dataDir)) {
      ExportPlan plan = ExportPlan.make(store, request.block(), request.rolling());
      // One path from here on, for the checks and the rename alike ("dir/." is "dir").
      Path destination = request.destination().orElseGet(() -> Path.of(defaultName(
          store.config().chainName(), plan.block().hash(), plan.block().level(),
          request.rolling(), request.zstd()))).toAbsolutePath().normalize();
      SnapshotSink.checkDestination(destination); // before the work, not only after it
      // The staging directory next: a killed export's is recovered (what it had published taken
      // back) before the names beside the destination are judged.
      try (OwnedDirectory staging = stagingDirectory(destination)) {
        SnapshotSink.checkSiblings(destination);
        Produced produced = produce(store, plan, request, staging.path(),
            destination.getFileName().toString(), destination.toString(),
            metadata -> SnapshotSink.open(staging.path(), destination, metadata.block(),
                request.format(), request.zstd(), request.splitSize()), progress);
        return new Result(destination, ManifestFiles.manifestOf(destination),
            produced.metadata(), produced.written().size(), produced.written().parts().size());
      }
    }
  }

  /**
   * What was uploaded.
   *
   * @param location the snapshot's object (or, split, the name its parts carry), as shown
   * @param manifest the manifest's object, put last
   */
  public record Uploaded(String location, String manifest, SnapshotMetadata metadata,
      long bytes, int parts) {}

  /**
   * {@code cairn snapshot export … s3://bucket/key}: the snapshot (Tar, compressed or not, split
   * or not) streamed to S3 as it is made, with bounded part buffers ({@link S3Uploads}), and its
   * manifest put last. The request's destination is not used. Nothing is kept locally but the
   * export's scratch beside the data directory (the spools); on any failure or a stop request,
   * every multipart upload is aborted and every object already complete deleted. An object at
   * the key, its manifest's or a part's is {@code Invalid_export_path}.
   */
  public static Uploaded upload(Request request, RemoteLocation.S3 destination,
      RemoteOptions remote, int partSize, Progress progress) {
    if (request.format() == SnapshotSink.ExportFormat.RAW) {
      throw new SnapshotError.InvalidExportPath(destination.display(), "a raw snapshot is a "
          + "directory, which is not uploaded: upload a tar (--export-format tar)")
          .toException();
    }
    DataDir dataDir = request.dataDir();
    try (BlockReader store = BlockReader.openPinned(dataDir);
        Remotes remotes = new Remotes(remote, progress, progress::cancelled);
        S3Uploads uploads = new S3Uploads(remotes, partSize)) {
      ExportPlan plan = ExportPlan.make(store, request.block(), request.rolling());
      SnapshotSink.checkS3Destination(uploads, destination);
      try (OwnedDirectory staging = uploadStaging(dataDir)) {
        Produced produced = produce(store, plan, request, staging.path(),
            destination.fileName(), destination.display(),
            metadata -> SnapshotSink.openS3(staging.path(), uploads, destination,
                metadata.block(), request.zstd(), request.splitSize()), progress);
        return new Uploaded(destination.display(), destination.beside(destination.fileName()
            + SnapshotManifest.FILE_SUFFIX).display(), produced.metadata(),
            produced.written().size(), produced.written().parts().size());
      }
    }
  }

  /** An upload's scratch beside the data directory; a killed upload's is swept first. */
  private static OwnedDirectory uploadStaging(DataDir dataDir) {
    Path parent = dataDir.root().toAbsolutePath().normalize().getParent();
    String prefix = dataDir.uploadStagingPrefix();
    OwnedDirectory.deleteAbandoned(parent, name -> name.startsWith(prefix));
    return OwnedDirectory.create(dataDir.uploadStagingDir());
  }

  /** What {@link #produce} made: the snapshot's metadata and what its sink wrote. */
  private record Produced(SnapshotMetadata metadata, SnapshotSink.Written written) {}

  /**
   * Walks B−1's context, spools the floating blocks into {@code staging}, and writes every member
   * into the sink that {@code sinks} opens, committing it with its manifest: the work of an
   * export, wherever it goes ({@code name} is the snapshot's file name, {@code shown} where it
   * goes as messages say it).
   */
  private static Produced produce(BlockView store, ExportPlan plan, Request request,
      Path staging, String name, String shown, Function<SnapshotMetadata, SnapshotSink> sinks,
      Progress progress) {
    Optional<IncrementalPlan> incremental = request.incrementalFrom()
        .map(parent -> IncrementalPlan.make(store, plan, parent));
    try (Context context = LmdbContext.openReadOnly(request.dataDir().contextDir(), staging);
        ContextDump dump = incremental.isPresent()
            ? ParentContext.delta(context, plan, incremental.get(), staging, progress)
            : dumpOf(context, plan, progress)) {
      Path floatingSpool = DataDir.spooledFloatingBlocks(staging);
      int floatingCount = spoolFloating(store, plan, incremental, floatingSpool, progress);
      SnapshotMetadata metadata = new SnapshotMetadata(store.config().chainName(),
          request.rolling(), plan.block().hash(), plan.block().level(),
          Instant.ofEpochSecond(plan.block().header().timestamp()), dump.objectCount(),
          dump.byteLength(), plan.protocolLevels().rows().size(), floatingCount,
          (int) cementedFiles(plan, incremental).count(), plan.lowestLevel(),
          store.config().historyMode().toString(), store.config(),
          incremental.map(i -> new SnapshotMetadata.Incremental(i.parent(),
              i.cementedThrough())));
      try (SnapshotSink sink = sinks.apply(metadata)) {
        write(sink, store, plan, incremental, metadata, dump, floatingSpool, progress);
        SnapshotSink.Written written = sink.commit(what -> manifestBytes(metadata, what, name,
            shown, request.cairnVersion(), request.signWith()));
        return new Produced(metadata, written);
      }
    }
  }

  /** The manifest of what a sink wrote, signed with {@code signWith} if given. */
  static byte[] manifestBytes(SnapshotMetadata metadata, SnapshotSink.Written written,
      String name, String shown, String cairnVersion, Optional<SigningKey> signWith) {
    SignedManifest manifest = SignedManifest.unsigned(
        manifest(metadata, written, name, shown, cairnVersion));
    byte[] bytes = signWith.map(manifest::signedBy).orElse(manifest).encode();
    if (bytes.length > SignedManifest.MAX_BYTES) {
      throw new SnapshotError.InvalidExportPath(shown, "its manifest would be "
          + bytes.length + " bytes, more than a reader takes ("
          + SignedManifest.MAX_BYTES + "): choose a larger --split-size").toException();
    }
    return bytes;
  }

  private static SnapshotManifest manifest(SnapshotMetadata metadata,
      SnapshotSink.Written written, String name, String shown, String cairnVersion) {
    int entries = Math.max(written.parts().size(), written.files().size());
    if (entries > SnapshotManifest.MAX_ENTRIES) {
      throw new SnapshotError.InvalidExportPath(shown, entries + " files or "
          + "parts, more than the " + SnapshotManifest.MAX_ENTRIES + " a manifest may list")
          .toException();
    }
    return new SnapshotManifest(metadata.chainName(), metadata.mode(), metadata.block(),
        metadata.level(), metadata.timestamp(), written.layout(),
        name, written.size(), written.sha256(),
        written.parts(), written.files(), cairnVersion,
        metadata.incremental().map(SnapshotMetadata.Incremental::parent));
  }

  /** The cemented files the snapshot holds: all the plan's, or those above the parent's. */
  private static Stream<BlockView.CementedFile> cementedFiles(ExportPlan plan,
      Optional<IncrementalPlan> incremental) {
    return plan.cemented().stream()
        .filter(file -> incremental.map(i -> i.carriesCemented(file.start())).orElse(true));
  }

  /** {@code <chain_name>-<block_hash>-<level>.<full|rolling>}, and {@code .zst} if compressed. */
  public static String defaultName(String chainName, BlockHash block, int level, boolean rolling,
      boolean zstd) {
    return chainName + "-" + block + "-" + level + (rolling ? ".rolling" : ".full")
        + (zstd ? ".zst" : "");
  }

  private static ContextDump dumpOf(Context context, ExportPlan plan, Progress progress) {
    progress.phase("context (walking B-1's tree)", -1);
    try {
      return context.openDump(plan.predecessor().header().context(), progress);
    } catch (CairnException e) {
      if (e.error() instanceof ContextError.UnknownCommit) {
        throw new SnapshotError.InvalidExportBlock(plan.block().hash() + " at level "
            + plan.block().level(), SnapshotError.ExportRefusal.PRUNED_PRED,
            "lost its predecessor's context to the node's garbage collection as the export "
                + "began").toException(e);
      }
      throw e;
    }
  }

  private static int spoolFloating(BlockView store, ExportPlan plan,
      Optional<IncrementalPlan> incremental, Path spool, Progress progress) {
    List<BlockHash> hashes = incremental.map(IncrementalPlan::floating).orElse(plan.floating());
    progress.phase("floating blocks", hashes.size());
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(spool), 1 << 16))) {
      FloatingBlocks.writeCount(out, hashes.size());
      int done = 0;
      int level = plan.predecessor().level() - hashes.size() + 1;
      for (BlockHash hash : hashes) {
        boolean last = hash.equals(plan.predecessor().hash());
        int at = level++;
        Block block = last ? plan.predecessor()
            : ExportPlan.blockAt(store, hash, at).orElseThrow(() ->
                new SnapshotError.InvalidExportBlock(plan.block().hash().toString(),
                    SnapshotError.ExportRefusal.NOT_ENOUGH_PRED, "lost block " + hash
                        + " to the node's garbage collection while the export ran")
                    .toException());
        FloatingBlocks.writeBlock(out, block);
        progress.advance(++done);
        progress.checkCancelled();
      }
      return done;
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(spool, "write", e);
    }
  }

  private static void write(SnapshotSink sink, BlockView store, ExportPlan plan,
      Optional<IncrementalPlan> incremental, SnapshotMetadata metadata, ContextDump dump,
      Path floatingSpool, Progress progress) {
    byte[] version = SnapshotMetadata.versionBytes();
    sink.add(MemberName.of(MemberKind.VERSION), version.length, out -> out.write(version));
    byte[] meta = metadata.encode();
    sink.add(MemberName.of(MemberKind.METADATA), meta.length, out -> out.write(meta));
    byte[] table = plan.protocolLevels().encode();
    sink.add(MemberName.of(MemberKind.PROTOCOL_LEVELS), table.length, out -> out.write(table));
    TreeMap<String, byte[]> protocols = new TreeMap<>();
    for (ProtocolLevel row : plan.protocolLevels().rows()) {
      if (incremental.isPresent() && !incremental.get().carriesProtocol(row.protocol())) {
        continue;
      }
      protocols.put(row.protocol().toString(), protocolFile(row.protocol()));
    }
    protocols.forEach((name, bytes) -> sink.add(MemberName.named(MemberKind.PROTOCOL, name),
        bytes.length, out -> out.write(bytes)));
    byte[] blockData = blockData(store, plan,
        BlockData.headerHash(version, meta), table).encode();
    sink.add(MemberName.of(MemberKind.BLOCK_DATA), blockData.length,
        out -> out.write(blockData));
    progress.phase("context", dump.objectCount());
    sink.add(MemberName.of(MemberKind.CONTEXT), dump.byteLength(),
        out -> dump.writeTo(out, progress));
    sink.add(MemberName.of(MemberKind.FLOATING_BLOCKS), size(floatingSpool),
        out -> Files.copy(floatingSpool, out));
    List<BlockView.CementedFile> cemented = cementedFiles(plan, incremental).toList();
    progress.phase("cemented cycles", cemented.size());
    int done = 0;
    for (BlockView.CementedFile file : cemented) {
      progress.checkCancelled();
      sink.add(MemberName.named(MemberKind.CEMENTED, file.start() + "_" + file.end()),
          size(file.path()), out -> copyCementedFile(file.path(), out));
      progress.advance(++done);
    }
  }

  /** A cemented file into its member (a method of its own, so that profiles can tell it). */
  private static void copyCementedFile(Path file, OutputStream out) throws IOException {
    Files.copy(file, out);
  }

  private static BlockData blockData(BlockView store, ExportPlan plan, Bytes header,
      byte[] table) {
    Block predecessor = plan.predecessor();
    Bytes metadataHash = predecessor.metadata()
        .map(m -> Receipts.hashOf(m.receipts())).orElse(BlockData.NO_METADATA_HASH);
    int ttl = predecessor.metadata().map(m -> m.maxOperationsTtl()).orElse(0);
    return new BlockData(store.genesis(), plan.block(), predecessor.header(), ttl, metadataHash,
        plan.block().header().context(), plan.live(),
        header, Bytes.copyOf(Blake2b.digest256(table)));
  }

  private static byte[] protocolFile(ProtocolHash protocol) {
    return TestnetProtocols.byHash(protocol).orElseThrow(() ->
        new ProtocolError.CannotDecodeProtocol(protocol,
            "the store's protocol table names a protocol this node does not know").toException())
        .encode();
  }

  /**
   * The export's staging directory beside the destination, owned by this process; one that a
   * killed export left is deleted first, one that a running export owns stops this one.
   */
  public static OwnedDirectory stagingDirectory(Path destination) {
    Path staging = DataDir.exportStagingDir(destination);
    try {
      if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)
            || !OwnedDirectory.hasOwnerFile(staging)) {
          throw new SnapshotError.InvalidExportPath(destination.toString(), staging
              + " exists and is not what an export left; move it away").toException();
        }
        OwnedDirectory.runIfAbandoned(staging, () -> SnapshotSink.takeBackAbandoned(staging));
        if (!OwnedDirectory.deleteIfAbandoned(staging)) {
          throw new SnapshotError.InvalidExportPath(destination.toString(), "another export to "
              + "it is running (its staging directory " + staging + " is in use)")
              .toException();
        }
      }
      return OwnedDirectory.create(staging);
    } catch (CairnException e) {
      if (e.error() instanceof SnapshotError.InvalidExportPath) {
        throw e;
      }
      throw new SnapshotError.InvalidExportPath(destination.toString(),
          "cannot write beside it: " + e.error().details()).toException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(file, "read", e);
    }
  }
}
