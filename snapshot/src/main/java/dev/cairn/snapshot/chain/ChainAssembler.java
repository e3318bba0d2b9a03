package dev.cairn.snapshot.chain;

import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextError;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.context.lmdb.LmdbContext.Durability;
import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.BlockData;
import dev.cairn.snapshot.format.FloatingBlocks;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.ProtocolTable;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.ProtocolChecks;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.snapshot.io.SnapshotSource.Member;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Turns a chain of snapshots, base first, into the one ordinary snapshot of its tip's block that
 * a direct export from the same node gives (DESIGN §16), streaming each snapshot once, in
 * order, with memory bounded whatever their sizes. Everything lands in a scratch directory:
 *
 * <ul>
 *   <li>the context: the base's dump restored, then each delta applied, after a collection that
 *       keeps only the parent's commit, so that the context holds exactly the parent's objects
 *       and an object a delta repeats is refused (the set difference is exact); each checked as
 *       a restore is, each ending at the commit its {@code block_data} names;
 *   <li>the floating blocks of every snapshot ({@link FloatingUnion}), and the cemented files,
 *       each spooled once (a name met twice is refused);
 *   <li>the protocol files' names (each file checked against its hash).
 * </ul>
 *
 * Then the assembled snapshot is offered as a {@link SnapshotSource}, read from the scratch
 * directory as it is (nothing written again): the tip's {@code metadata.json} without the parent
 * and with the whole chain's counts; its {@code block_data}
 * bound to that metadata; the dump of B−1's rebuilt context; the floating blocks from above the
 * last cemented file (Full) or from the tip's lowest level (Rolling) up to B−1; every cemented
 * file, which must run without a gap from level 1. Each snapshot is read through its manifest, so
 * every byte is checked against its digest as it passes.
 */
public final class ChainAssembler {

  /**
   * The assembled snapshot, held in its scratch directory until closed: its metadata, and its
   * members to read once, in order ({@link #source}).
   */
  public static final class Assembled implements AutoCloseable {
    private final Reading reading;
    private final ContextDump dump;
    private final SnapshotMetadata metadata;
    private final List<AssembledSource.Planned> members;
    private final int cycle;
    private final int cementedEnd;
    private final Path cementedDir;

    private Assembled(Reading reading, ContextDump dump, SnapshotMetadata metadata,
        List<AssembledSource.Planned> members, int cycle, int cementedEnd, Path cementedDir) {
      this.reading = reading;
      this.dump = dump;
      this.metadata = metadata;
      this.members = List.copyOf(members);
      this.cycle = cycle;
      this.cementedEnd = cementedEnd;
      this.cementedDir = cementedDir;
    }

    public SnapshotMetadata metadata() {
      return metadata;
    }

    /**
     * The members, in the order of DESIGN §7, the cemented files named as they are reached (one
     * a cycle: nothing on the heap grows with their number). Each source reads them once.
     */
    public SnapshotSource source() {
      Stream<AssembledSource.Planned> cemented = IntStream.range(0, cementedEnd / cycle)
          .mapToObj(i -> Reading.file(MemberName.named(MemberKind.CEMENTED, (i * cycle + 1)
              + "_" + (i + 1) * cycle), DataDir.cementedFileIn(cementedDir, i * cycle + 1,
                  (i + 1) * cycle)));
      return new AssembledSource(Stream.concat(members.stream(), cemented).iterator());
    }

    @Override
    public void close() {
      try {
        dump.close();
      } finally {
        reading.close();
      }
    }
  }

  private ChainAssembler() {}

  /** Assembles {@code chain} in {@code scratch}, an empty directory the caller owns. */
  public static Assembled assemble(SnapshotChain chain, Path scratch, Progress progress) {
    Reading reading = new Reading(scratch, progress);
    try {
      for (int i = 0; i < chain.links().size(); i++) {
        reading.read(chain, i, false);
      }
      return reading.assembled(chain);
    } catch (RuntimeException e) {
      reading.close();
      throw e;
    }
  }

  /**
   * Rebuilds the context of {@code chain}'s tip B−1 alone in {@code scratch}, reading each
   * snapshot only up to its context: an open context that holds that commit (and possibly
   * objects of its parent's that it no longer reaches), for an incremental export whose node no
   * longer has its parent's context.
   */
  public static LmdbContext rebuildContext(SnapshotChain chain, Path scratch, Progress progress) {
    Reading reading = new Reading(scratch, progress);
    try {
      for (int i = 0; i < chain.links().size(); i++) {
        reading.read(chain, i, true);
      }
      return reading.releaseContext();
    } finally {
      reading.close();
    }
  }

  /** What the reading of the chain keeps between snapshots. */
  private static final class Reading implements AutoCloseable {
    private final Path scratch;
    private final Progress progress;
    private LmdbContext context;
    private final FloatingUnion floating;
    private final Path cementedDir;
    /** The cemented files spooled so far: one a cycle, from level 1 up to this level. */
    private int cementedEnd;
    private StoreConfig config;
    private final Set<ProtocolHash> protocols = new HashSet<>();
    private ContextHash commit;
    /** Whether the context holds exactly {@link #commit}'s objects (as after a restore). */
    private boolean exact;
    private SnapshotMetadata tip;
    private ProtocolLevels table;
    private BlockData blockData;
    private int cementedThrough;

    Reading(Path scratch, Progress progress) {
      this.scratch = scratch;
      this.progress = progress;
      this.context = LmdbContext.open(DataDir.chainContext(scratch), Durability.ON_SYNC);
      this.cementedDir = DataDir.chainCementedDir(scratch);
      try {
        Files.createDirectory(cementedDir);
        this.floating = new FloatingUnion(DataDir.chainFloatingSpool(scratch),
            DataDir.chainFloatingIndex(scratch));
      } catch (IOException e) {
        context.close();
        throw SnapshotError.SnapshotIoFailure.of(cementedDir, "create", e);
      } catch (RuntimeException e) {
        context.close();
        throw e;
      }
    }

    void read(SnapshotChain chain, int index, boolean contextOnly) {
      SnapshotChain.Link link = chain.links().get(index);
      String shown = link.manifestPath().toString();
      progress.notice("reading " + (index == 0 ? "the base " : "incremental " + index + " ")
          + link.manifestPath().getFileName());
      SignedManifest manifest = chain.reread(link);
      try (SnapshotSource source = SnapshotSource.openThroughManifest(link.manifestPath(),
          manifest)) {
        Member version = SnapshotSource.expect(source, MemberKind.VERSION);
        byte[] versionBytes = SnapshotMetadata.readBytes(version.in(), version.size(),
            SnapshotMetadata.MAX_VERSION_BYTES, SnapshotError.Part.VERSION);
        SnapshotMetadata.readVersion(new ByteArrayInputStream(versionBytes),
            versionBytes.length);
        Member meta = SnapshotSource.expect(source, MemberKind.METADATA);
        byte[] metadataBytes = SnapshotMetadata.readBytes(meta.in(), meta.size(),
            SnapshotMetadata.MAX_BYTES, SnapshotError.Part.METADATA);
        SnapshotMetadata metadata = SnapshotMetadata.decode(metadataBytes);
        manifest.requireNames(metadata);
        if (config == null) {
          config = metadata.config();
        } else if (!config.equals(metadata.config())) {
          throw new SnapshotError.InconsistentParent(shown, SnapshotError.ParentFault.CHAIN,
              "its chain's configuration is not its base's").toException();
        }
        Member tableMember = SnapshotSource.expect(source, MemberKind.PROTOCOL_LEVELS);
        ProtocolTable read = ProtocolTable.read(tableMember.in(), tableMember.size(),
            metadata.protocolLevels());
        Member member = source.next().orElse(null);
        while (member != null && member.name().kind() == MemberKind.PROTOCOL) {
          protocols.add(ProtocolChecks.check(member));
          member = source.next().orElse(null);
        }
        Member blockDataMember = SnapshotSource.expected(member, MemberKind.BLOCK_DATA);
        BlockData data = BlockData.read(blockDataMember.in(), blockDataMember.size());
        if (!data.headerHash().equals(BlockData.headerHash(versionBytes, metadataBytes))
            || !data.protocolLevelsMemberHash().equals(read.memberHash())
            || !data.block().header().hash().equals(metadata.block())
            || !data.predecessorHeader().hash().equals(data.block().predecessor())
            || data.predecessorHeader().level() != data.block().level() - 1) {
          throw new SnapshotError.InconsistentImportedBlock(metadata.block() + " (" + shown
              + ")", "a block_data bound to its metadata.json and protocol_levels, B−1's header "
              + "B's predecessor")
              .toException();
        }
        readContext(SnapshotSource.expect(source, MemberKind.CONTEXT), data, index, shown);
        if (contextOnly) {
          return;
        }
        Member floatingMember = SnapshotSource.expect(source, MemberKind.FLOATING_BLOCKS);
        FloatingBlocks.Reader blocks = new FloatingBlocks.Reader(floatingMember.in(),
            floatingMember.size());
        floating.begin(metadata.level());
        while (blocks.hasNext()) {
          progress.checkCancelled();
          floating.add(blocks.next());
        }
        blocks.expectEnd();
        floating.end(data.block().predecessor());
        for (member = source.next().orElse(null); member != null;
            member = source.next().orElse(null)) {
          spoolCemented(member);
        }
        tip = metadata;
        table = read.levels();
        blockData = data;
        cementedThrough = metadata.incremental()
            .map(SnapshotMetadata.Incremental::cementedThrough)
            .orElse(metadata.rolling() ? 0 : metadata.level() - 1 - metadata.floatingBlocks());
      }
    }

    private void readContext(Member member, BlockData data, int index, String shown) {
      ContextHash expected = data.predecessorHeader().context();
      progress.phase(index == 0 ? "context (the base's)" : "context (incremental " + index
          + "'s new objects)", -1);
      try {
        if (index == 0) {
          context.restore(member.in(), member.size(), expected, progress);
          exact = true;
        } else {
          if (!exact) {
            progress.phase("context (keeping only the parent's objects)", -1);
            context.collectGarbage(List.of(commit));
          }
          context.applyDelta(member.in(), member.size(), expected, progress);
          exact = false;
        }
      } catch (CairnException e) {
        if (e.error() instanceof ContextError.MalformedDump malformed) {
          throw new SnapshotError.CannotRead(SnapshotError.Part.CONTEXT, shown + ": "
              + malformed.reason()).toException(e);
        }
        if (e.error() instanceof ContextError.InconsistentContextHash hash) {
          throw new ContextError.InconsistentContextHash("B−1 of " + shown, hash.expected(),
              hash.found()).toException(e);
        }
        throw e;
      }
      commit = expected;
    }

    private void spoolCemented(Member member) {
      progress.checkCancelled();
      if (member.name().kind() != MemberKind.CEMENTED) {
        throw new SnapshotError.InvalidSnapshotMember(member.name().path(), "found where only "
            + "cemented files may come").toException();
      }
      int[] range = DataDir.parseCementedName(member.name().suffix()).orElseThrow(() ->
          new SnapshotError.InvalidCementedFile(member.name().path(), "not a <start>_<end> "
              + "name").toException());
      int cycle = config.blocksPerCycle();
      if (range[0] != cementedEnd + 1 || range[1] != cementedEnd + cycle) {
        if (range[0] <= cementedEnd) {
          throw new SnapshotError.InvalidCementedFile(member.name().path(), "more than one "
              + "snapshot of the chain holds it, or it comes out of order: an incremental "
              + "holds only what its parent lacks").toException();
        }
        if (range[0] > cementedEnd + 1) {
          throw new SnapshotError.MissingCementedFile((cementedEnd + 1) + "_" + (range[0] - 1))
              .toException();
        }
        throw new SnapshotError.InvalidCementedFile(member.name().path(), "not one cycle of "
            + cycle + " blocks").toException();
      }
      Path file = DataDir.cementedFileIn(cementedDir, range[0], range[1]);
      try {
        Files.copy(member.in(), file);
      } catch (IOException e) {
        throw SnapshotError.SnapshotIoFailure.of(file, "write", e);
      }
      cementedEnd = range[1];
    }

    /**
     * Every snapshot below the tip must be of a block on the tip's chain, as the chain's blocks
     * give it (its hash recomputed from its header): a link that is no block of this chain (a
     * forged intermediate snapshot) is refused, though it could not change the result, which the
     * import checks block by block.
     */
    private void requireOnTheChain(SnapshotChain chain) {
      for (SnapshotChain.Link link : chain.links().subList(0, chain.links().size() - 1)) {
        Optional<Block> block = !tip.rolling() && link.level() <= cementedThrough
            ? cementedBlock(link.level()) : floating.at(link.level());
        if (block.isEmpty() || !block.get().header().hash().equals(link.block())) {
          throw new SnapshotError.InconsistentParent(link.manifestPath().toString(),
              SnapshotError.ParentFault.BLOCK, "its block " + link.block() + " at level "
                  + link.level() + " is not on the chain of the snapshots above it")
              .toException();
        }
      }
    }

    private Optional<Block> cementedBlock(int level) {
      int cycle = config.blocksPerCycle();
      if (level < 1 || level > cementedEnd) {
        return Optional.empty();
      }
      int fileStart = (level - 1) / cycle * cycle + 1;
      var file = Map.entry(fileStart, fileStart + cycle - 1);
      Path path = DataDir.cementedFileIn(cementedDir, file.getKey(), file.getValue());
      int count = file.getValue() - file.getKey() + 1;
      int index = level - file.getKey();
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        ByteBuffer bounds = ByteBuffer.allocate(index + 1 < count ? 16 : 8);
        readFully(channel, bounds, 8L * index);
        long start = bounds.getLong(0);
        long end = bounds.capacity() == 16 ? bounds.getLong(8) : channel.size();
        if (start < 8L * count || end <= start || end > channel.size()
            || end - start > BlockCodec.MAX_BYTES) {
          return Optional.empty();
        }
        ByteBuffer entry = ByteBuffer.allocate((int) (end - start));
        readFully(channel, entry, start);
        return Optional.of(BlockCodec.decode(entry.array(), "cemented block at level " + level));
      } catch (IOException e) {
        throw SnapshotError.SnapshotIoFailure.of(path, "read", e);
      } catch (CairnException e) {
        return Optional.empty();
      }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
        throws IOException {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          throw new IOException("the file ends early");
        }
      }
    }

    /** The assembled snapshot; see the class comment. The reading is the result's to close. */
    Assembled assembled(SnapshotChain chain) {
      int from = tip.rolling() ? Math.max(1, tip.lowestLevel()) : cementedThrough + 1;
      if (cementedEnd != (tip.rolling() ? 0 : cementedThrough)) {
        throw new SnapshotError.MissingCementedFile((cementedEnd + 1) + "_" + cementedThrough)
            .toException();
      }
      requireOnTheChain(chain);
      Path floatingMember = DataDir.spooledFloatingBlocks(scratch);
      int floatingCount = floating.writeTo(floatingMember, from, tip.level() - 1,
          blockData.block().predecessor());
      progress.phase("context (B-1's tree, rebuilt)", -1);
      ContextDump dump = context.openDump(commit, progress);
      try {
        SnapshotMetadata metadata = new SnapshotMetadata(tip.chainName(), tip.rolling(),
            tip.block(), tip.level(), tip.timestamp(), dump.objectCount(), dump.byteLength(),
            tip.protocolLevels(), floatingCount, cementedEnd / config.blocksPerCycle(),
            tip.lowestLevel(),
            tip.sourceHistoryMode(), tip.config());
        byte[] version = SnapshotMetadata.versionBytes();
        byte[] meta = metadata.encode();
        byte[] tableBytes = table.encode();
        if (!Bytes.copyOf(Blake2b.digest256(tableBytes))
            .equals(blockData.protocolLevelsMemberHash())) {
          throw new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL_TABLE, "the tip's table "
              + "is not in its canonical encoding").toException();
        }
        BlockData data = new BlockData(blockData.genesis(), blockData.block(),
            blockData.predecessorHeader(), blockData.predecessorMaxOperationsTtl(),
            blockData.predecessorMetadataHash(), blockData.resultingContext(), blockData.live(),
            BlockData.headerHash(version, meta), blockData.protocolLevelsMemberHash());
        List<AssembledSource.Planned> members = new ArrayList<>();
        members.add(bytes(MemberName.of(MemberKind.VERSION), version));
        members.add(bytes(MemberName.of(MemberKind.METADATA), meta));
        members.add(bytes(MemberName.of(MemberKind.PROTOCOL_LEVELS), tableBytes));
        TreeMap<String, byte[]> files = new TreeMap<>();
        for (ProtocolLevel row : table.rows()) {
          files.put(row.protocol().toString(), protocolFile(row.protocol()));
        }
        files.forEach((name, bytes) -> members.add(bytes(MemberName.named(MemberKind.PROTOCOL,
            name), bytes)));
        members.add(bytes(MemberName.of(MemberKind.BLOCK_DATA), data.encode()));
        members.add(new AssembledSource.Planned(MemberName.of(MemberKind.CONTEXT),
            dump.byteLength(), dump::read));
        members.add(file(MemberName.of(MemberKind.FLOATING_BLOCKS), floatingMember));
        return new Assembled(this, dump, metadata, members, config.blocksPerCycle(),
            cementedEnd, cementedDir);
      } catch (RuntimeException e) {
        dump.close();
        throw e;
      }
    }

    private static AssembledSource.Planned bytes(MemberName name, byte[] bytes) {
      return new AssembledSource.Planned(name, bytes.length,
          () -> new ByteArrayInputStream(bytes));
    }

    private static AssembledSource.Planned file(MemberName name, Path path) {
      try {
        long size = Files.size(path);
        return new AssembledSource.Planned(name, size, () -> {
          try {
            return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
          } catch (IOException e) {
            throw SnapshotError.SnapshotIoFailure.of(path, "read", e);
          }
        });
      } catch (IOException e) {
        throw SnapshotError.SnapshotIoFailure.of(path, "read", e);
      }
    }

    private byte[] protocolFile(ProtocolHash protocol) {
      if (!protocols.contains(protocol)) {
        throw new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL, "no snapshot of the "
            + "chain holds the file of " + protocol + ", which its table names").toException();
      }
      return TestnetProtocols.byHash(protocol).orElseThrow().encode();
    }

    LmdbContext releaseContext() {
      LmdbContext released = context;
      context = null;
      return released;
    }

    @Override
    public void close() {
      floating.close();
      if (context != null) {
        context.close();
      }
    }
  }
}
