package dev.cairn.snapshot.importing;

import dev.cairn.context.Context;
import dev.cairn.context.ContextError;
import dev.cairn.context.lmdb.LmdbContext.Durability;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.BlockData;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.ProtocolTable;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.io.SnapshotSource.Member;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.store.BlockReader;
import dev.cairn.store.StoreImport;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.chain.BlockRef;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirStaging;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.validator.BlockValidator;
import dev.cairn.validator.ValidationError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cairn snapshot import}: bootstraps a data directory from a snapshot, checking it in the
 * order of DESIGN §9 as its members stream past, once, in one pass (so standard input works):
 * version and metadata against {@code config.json}; the protocol levels table and the protocol
 * files; {@code block_data}, which binds the members before it; the context of B−1, restored
 * through the {@link Context} contract and verified object by object; B replayed on it, which
 * must give B's context hash; then every floating and cemented block; last the markers (head B,
 * checkpoint and savepoint B−1). Everything is built in a staging directory ({@link
 * DataDirStaging}, the data directory's lifecycle, which the store owns) that lands by rename
 * only when all of it passed.
 */
public final class SnapshotImporter {

  /**
   * What to import, and how.
   *
   * @param manifest the manifest that standard input ({@code source} {@code -}) must match
   * @param trust whose signatures the snapshot's manifest must carry
   * @param land whether the import lands; if not (a verify), every check is made and nothing is
   *     kept: cemented files are checked without being written, and the staging is removed
   * @param remote how a remote source ({@code http(s)://}, {@code s3://}) is reached
   */
  public record Request(DataDir dataDir, String source, Optional<BlockHash> expectedBlock,
      boolean check, boolean force, Optional<Path> manifest, TrustPolicy trust, boolean land,
      RemoteOptions remote) {

    /** A request with remote sources reached with the default options. */
    public Request(DataDir dataDir, String source, Optional<BlockHash> expectedBlock,
        boolean check, boolean force, Optional<Path> manifest, TrustPolicy trust,
        boolean land) {
      this(dataDir, source, expectedBlock, check, force, manifest, trust, land,
          RemoteOptions.DEFAULTS);
    }

    /** An import that lands, with or without a manifest apart and trusted keys. */
    public Request(DataDir dataDir, String source, Optional<BlockHash> expectedBlock,
        boolean check, boolean force, Optional<Path> manifest, TrustPolicy trust) {
      this(dataDir, source, expectedBlock, check, force, manifest, trust, true);
    }

    /** An import without a manifest apart or trusted keys. */
    public Request(DataDir dataDir, String source, Optional<BlockHash> expectedBlock,
        boolean check, boolean force) {
      this(dataDir, source, expectedBlock, check, force, Optional.empty(), TrustPolicy.NONE);
    }
  }

  /**
   * What was imported.
   *
   * @param replacedNode whether a node was replaced ({@code --force})
   * @param replaced the replaced node's head; empty if none was, or its store was unreadable
   * @param manifest the manifest the snapshot was read through, if any
   */
  public record Result(SnapshotMetadata metadata, Markers markers, HistoryMode historyMode,
      boolean replacedNode, Optional<BlockRef> replaced, Optional<SignedManifest> manifest) {}

  private SnapshotImporter() {}

  public static Result run(Request request, Progress progress) {
    // The source first: a snapshot its manifest or the trusted keys refuse is refused before
    // anything is written, before the staging directory exists.
    // A remote source's split parts are fetched ahead into a directory beside the target.
    try (Remotes remotes = RemoteLocation.isRemote(request.source())
            ? new Remotes(request.remote(), progress, progress::cancelled) : null;
        SnapshotSource source = SnapshotSource.open(request.source(), request.manifest(),
            request.trust(), progress::cancelled, Optional.ofNullable(remotes).map(r ->
                new SnapshotSource.RemoteAccess(r, Optional.of(
                    request.dataDir().downloadsDir()))))) {
      return run(request, source, progress);
    }
  }

  /**
   * Imports from {@code source}, already open (a chain's assembled snapshot); {@code
   * request.source()} only names it in messages, and its manifest and trust are not used here.
   */
  public static Result run(Request request, SnapshotSource source, Progress progress) {
    try (DataDirStaging staging = DataDirStaging.begin(request.dataDir(), request.force())) {
      Optional<StoreConfig> existing = staging.existingConfig();
      Optional<BlockRef> replaced = staging.replacesNode() ? headOf(request.dataDir())
          : Optional.empty();
      Member version = SnapshotSource.expect(source, MemberKind.VERSION);
      byte[] versionBytes = SnapshotMetadata.readBytes(version.in(), version.size(),
          SnapshotMetadata.MAX_VERSION_BYTES, SnapshotError.Part.VERSION);
      SnapshotMetadata.readVersion(new ByteArrayInputStream(versionBytes), versionBytes.length);
      Member meta = SnapshotSource.expect(source, MemberKind.METADATA);
      byte[] metadataBytes = SnapshotMetadata.readBytes(meta.in(), meta.size(),
          SnapshotMetadata.MAX_BYTES, SnapshotError.Part.METADATA);
      Bytes header = BlockData.headerHash(versionBytes, metadataBytes);
      SnapshotMetadata metadata = SnapshotMetadata.decode(metadataBytes);
      source.manifest().ifPresent(manifest -> manifest.requireNames(metadata));
      if (metadata.isIncremental()) {
        SnapshotMetadata.Incremental incremental = metadata.incremental().get();
        throw new SnapshotError.MissingParent(request.source(), incremental.parent().block(),
            incremental.parent().manifestName() + " (an incremental snapshot is imported "
                + "through its manifest, FILE.manifest.json, local)").toException();
      }
      StoreConfig config = configFor(metadata, existing);

      Member tableMember = SnapshotSource.expect(source, MemberKind.PROTOCOL_LEVELS);
      ProtocolTable read = ProtocolTable.read(tableMember.in(), tableMember.size(),
          metadata.protocolLevels());
      ProtocolLevels table = read.levels();
      Set<ProtocolHash> protocols = new HashSet<>();
      Member member = source.next().orElse(null);
      while (member != null && member.name().kind() == MemberKind.PROTOCOL) {
        protocols.add(ProtocolChecks.check(member));
        member = source.next().orElse(null);
      }
      ProtocolChecks.requireFiles(table, protocols);
      SnapshotSource.expected(member, MemberKind.BLOCK_DATA);
      BlockData blockData = BlockData.read(member.in(), member.size());
      checkBindings(blockData, metadata, header, read.memberHash());
      checkBlockData(blockData, metadata, config, request.expectedBlock());

      DataDir target = staging.stagingDir();
      Markers markers;
      // The store and the context are closed before the staging directory lands: nothing that
      // could still fail runs once the import has landed.
      try (StoreImport store = StoreImport.begin(target, config, blockData.genesis(), table,
          request.land());
          Context context = LmdbContext.open(target.contextDir(), Durability.ON_SYNC)) {
        Member contextMember = SnapshotSource.expect(source, MemberKind.CONTEXT);
        if (contextMember.size() != metadata.contextBytes()) {
          throw new SnapshotError.CannotRead(SnapshotError.Part.CONTEXT, contextMember.size()
              + " bytes, metadata.json says " + metadata.contextBytes()).toException();
        }
        restoreContext(context, contextMember, blockData, metadata.contextElements(), progress);
        BlockValidator.Applied applied = replay(context, config, table, blockData);
        Block imported = blockData.block().withMetadata(Optional.of(applied.metadata()));
        ImportedBlocks blocks = new ImportedBlocks(metadata, blockData, store, request.check());
        blocks.readFloating(SnapshotSource.expect(source, MemberKind.FLOATING_BLOCKS), progress);
        progress.phase("cemented cycles", metadata.cementedCycles());
        int files = 0;
        for (Member next = source.next().orElse(null); next != null;
            next = source.next().orElse(null)) {
          progress.checkCancelled();
          blocks.readCemented(next);
          progress.advance(++files);
        }
        blocks.finish();
        progress.checkCancelled(); // the last moment: after this the import lands
        markers = markersFor(metadata, blockData);
        if (request.land()) {
          store.appendFloating(imported);
          store.commit(markers, blocks.cementedEnd());
        }
      }
      if (request.land()) {
        staging.land();
      }
      return new Result(metadata, markers, config.historyMode(), staging.replacesNode(),
          replaced, source.manifest());
    }
  }

  /** The head of the node {@code --force} replaces, if its store can be read. */
  private static Optional<BlockRef> headOf(DataDir node) {
    try (BlockReader reader = BlockReader.open(node)) {
      return Optional.of(reader.markers().head());
    } catch (CairnException e) {
      return Optional.empty(); // a broken node is what --force is for
    }
  }

  /** Steps 2 and 3: the node's config.json, if any, must be of this chain and mode. */
  private static StoreConfig configFor(SnapshotMetadata metadata,
      Optional<StoreConfig> existing) {
    StoreConfig snapshot = metadata.config();
    if (existing.isEmpty()) {
      return snapshot;
    }
    StoreConfig node = existing.get();
    if (!node.chainName().equals(snapshot.chainName())
        || !node.genesisBlock().equals(snapshot.genesisBlock())) {
      throw new SnapshotError.InconsistentChainImport(snapshot.chainName() + " (genesis "
          + snapshot.genesisBlock() + ")", node.chainName() + " (genesis " + node.genesisBlock()
          + ")").toException();
    }
    HistoryMode.Kind wanted = metadata.rolling() ? HistoryMode.Kind.ROLLING
        : HistoryMode.Kind.FULL;
    if (node.historyMode().kind() != wanted) {
      throw new SnapshotError.InconsistentHistoryModeImport(metadata.mode(),
          node.historyMode().toString()).toException();
    }
    return new StoreConfig(node.chainName(), node.genesisBlock(), node.genesisTimestamp(),
        node.genesisProtocol(), node.historyMode(), snapshot.blocksPerCycle(),
        snapshot.preservationCycles(), snapshot.testnet());
  }

  /** Step 5: the block is the one metadata.json and --block name, and its parts agree. */
  private static void checkBlockData(BlockData data, SnapshotMetadata metadata,
      StoreConfig config, Optional<BlockHash> expected) {
    Block block = data.block();
    BlockHash computed = block.header().hash();
    if (!computed.equals(block.hash()) || !computed.equals(metadata.block())) {
      throw new SnapshotError.InconsistentImportedBlock(computed.toString(),
          metadata.block() + " (metadata.json)").toException();
    }
    if (expected.isPresent() && !expected.get().equals(computed)) {
      throw new SnapshotError.InconsistentImportedBlock(computed.toString(),
          expected.get() + " (--block)").toException();
    }
    if (block.level() != metadata.level() || block.level() < 1) {
      throw new SnapshotError.InconsistentImportedBlock(computed + " at level " + block.level(),
          "level " + metadata.level() + " (metadata.json)").toException();
    }
    if (block.metadata().isPresent()) {
      throw new SnapshotError.InconsistentImportedBlock(computed + " with metadata",
          "B without metadata (an importer computes it)").toException();
    }
    Block genesis = data.genesis();
    if (!genesis.header().hash().equals(genesis.hash()) || genesis.level() != 0
        || genesis.verify().isPresent()
        || genesis.header().timestamp() != config.genesisTimestamp().getEpochSecond()
        || !genesis.hash().equals(config.genesisBlock())) {
      throw new SnapshotError.InconsistentImportedBlock("genesis " + genesis.hash(),
          "genesis " + config.genesisBlock() + " (metadata.json)").toException();
    }
    if (!data.predecessorHeader().hash().equals(block.predecessor())
        || data.predecessorHeader().level() != block.level() - 1) {
      throw new SnapshotError.InconsistentImportedBlock("B−1 " + data.predecessorHeader().hash(),
          "B's predecessor " + block.predecessor()).toException();
    }
    int predecessorLevel = block.level() - 1;
    int ttl = data.predecessorMaxOperationsTtl();
    if (predecessorLevel == 0 && (ttl != 0
        || !data.predecessorMetadataHash().equals(BlockData.NO_METADATA_HASH))) {
      throw new SnapshotError.InconsistentImportedBlock(computed.toString(), "B−1 = genesis, "
          + "with max_operations_ttl 0 and no metadata").toException();
    }
    int expectedLowest = metadata.rolling() ? Math.max(0, predecessorLevel - ttl) : 0;
    if (data.live().size() != Math.min(ttl, predecessorLevel) + 1
        || !data.live().get(0).equals(block.predecessor())
        || metadata.lowestLevel() != expectedLowest) {
      throw new SnapshotError.InconsistentImportedBlock(computed.toString(), "live blocks and a "
          + "lowest level that follow from B−1's max_operations_ttl " + ttl).toException();
    }
  }

  /**
   * The members read before block_data are those block_data was written with, and what
   * metadata.json says of B is what B says: no byte of either goes unchecked.
   */
  private static void checkBindings(BlockData data, SnapshotMetadata metadata,
      Bytes header, Bytes tableHash) {
    if (!header.equals(data.headerHash())) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.METADATA, "snapshot_version.json "
          + "and metadata.json are not the bytes block_data binds").toException();
    }
    if (!tableHash.equals(data.protocolLevelsMemberHash())) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL_TABLE,
          "its bytes are not those block_data binds").toException();
    }
    if (!metadata.timestamp().equals(Instant.ofEpochSecond(data.block().header().timestamp()))
        || !data.resultingContext().equals(data.block().header().context())) {
      throw new SnapshotError.InconsistentImportedBlock(data.block().hash().toString(),
          "the timestamp and context hash that metadata.json and block_data give it")
          .toException();
    }
  }

  /** Step 6: B−1's context, every object verified, ending at the hash B−1's header names. */
  private static void restoreContext(Context context, Member member, BlockData data,
      long expectedObjects, Progress progress) {
    progress.phase("context", expectedObjects);
    InputStream dump;
    try {
      byte[] count = new byte[8];
      if (member.in().readNBytes(count, 0, 8) != 8
          || ByteBuffer.wrap(count).getLong() != expectedObjects) {
        throw new SnapshotError.CannotRead(SnapshotError.Part.CONTEXT, "the dump's object count "
            + "is not the " + expectedObjects + " metadata.json gives").toException();
      }
      dump = new SequenceInputStream(new ByteArrayInputStream(count), member.in());
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.CONTEXT, CauseText.of(e))
          .toException(e);
    }
    BlockHeader predecessor = data.predecessorHeader();
    try {
      context.restore(dump, member.size(), predecessor.context(), progress);
    } catch (CairnException e) {
      if (e.error() instanceof ContextError.MalformedDump malformed) {
        throw new SnapshotError.CannotRead(SnapshotError.Part.CONTEXT, malformed.reason())
            .toException(e);
      }
      if (e.error() instanceof ContextError.InconsistentContextHash hash) {
        throw new ContextError.InconsistentContextHash("B−1 (" + predecessor.hash()
            + " at level " + predecessor.level() + ")", hash.expected(), hash.found())
            .toException(e);
      }
      throw e;
    }
  }

  /** Step 7: B applied on B−1's restored context must give B's context hash. */
  private static BlockValidator.Applied replay(Context context, StoreConfig config,
      ProtocolLevels table, BlockData data) {
    Block block = data.block();
    List<ProtocolLevel> before = new ArrayList<>(table.rows().stream()
        .filter(row -> row.activationLevel() < block.level()).toList());
    Block predecessor = new Block(data.predecessorHeader().hash(), data.predecessorHeader(),
        List.of(), Optional.empty());
    BlockValidator.Applied applied;
    try {
      applied = new BlockValidator(config.chainId()).apply(context,
          new BlockValidator.Predecessor(predecessor, data.predecessorMaxOperationsTtl(),
              new HashSet<>(data.live())), new ProtocolLevels(before), block,
          BlockValidator.Commit.WRITE);
      context.sync();
    } catch (CairnException e) {
      if (e.error() instanceof ContextError.InconsistentContextHash) {
        throw e;
      }
      if (e.error() instanceof ValidationError || e.error() instanceof ContextError) {
        throw new SnapshotError.TargetBlockValidationFailed(block.hash(), block.level(),
            e.error().name() + ": " + e.error().details()).toException(e);
      }
      throw e;
    }
    int predecessorTtl = Math.min(block.level() - 1, applied.metadata().maxOperationsTtl());
    if (data.predecessorMaxOperationsTtl() != predecessorTtl) {
      throw new SnapshotError.InconsistentImportedBlock(block.hash().toString(), "B−1 with the "
          + "max_operations_ttl its protocol gives (" + predecessorTtl + "), not "
          + data.predecessorMaxOperationsTtl()).toException();
    }
    if (block.header().proto() != data.predecessorHeader().proto()) {
      before.add(new ProtocolLevel(block.header().proto(), applied.protocol(), block.hash(),
          block.level()));
    }
    boolean same;
    try {
      same = new ProtocolLevels(before).equals(table);
    } catch (IllegalArgumentException e) {
      same = false;
    }
    if (!same) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL_TABLE, "its rows are not "
          + "the ones the chain up to B activates").toException();
    }
    return applied;
  }

  /** Step 9: head B; checkpoint and savepoint B−1; caboose genesis or the lowest block. */
  private static Markers markersFor(SnapshotMetadata metadata, BlockData data) {
    BlockRef head = BlockRef.of(data.block());
    BlockRef predecessor = new BlockRef(data.block().predecessor(), data.block().level() - 1);
    BlockRef caboose = BlockRef.of(data.genesis());
    if (metadata.rolling() && metadata.lowestLevel() > 0) {
      List<BlockHash> live = data.live();
      caboose = new BlockRef(live.get(live.size() - 1), metadata.lowestLevel());
    }
    return new Markers(head, predecessor, predecessor, caboose);
  }
}
