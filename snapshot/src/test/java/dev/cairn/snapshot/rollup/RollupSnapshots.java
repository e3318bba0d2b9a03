package dev.cairn.snapshot.rollup;

import dev.cairn.context.ContextDump;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.progress.Progress;
import dev.cairn.rollup.L2Block;
import dev.cairn.rollup.L2Level;
import dev.cairn.rollup.L2Transition;
import dev.cairn.rollup.RollupNode;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.SnapshotSink;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.ledger.TestnetParameters;
import dev.cairn.validator.rollup.arith.ArithPvm;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rollup snapshots for the tests: an L1 testnet with rollups and a node run on it, exports, a
 * snapshot read into its parts, and parts written back as a snapshot (through the production
 * sink), so that a test can change one thing and see the import refuse it.
 */
final class RollupSnapshots {

  private RollupSnapshots() {}

  /** An L1 testnet of {@code blocks} blocks whose two rollups activate at level 3. */
  static DataDir l1(Path dir, int blocks) {
    FixtureSpec spec = new FixtureSpec("ROLLUP_SNAPSHOTS", blocks, 8, 1, HistoryMode.full(1), 2,
        0, new TestnetParameters(5, 40, 4, 8, 2, 1_000_000_000L).withRollups(3, 2));
    return TestnetGenerator.generate(dir, spec, GcPolicy.AMORTIZED, Progress.NONE).dataDir();
  }

  static RollupNode.Result run(RollupDataDir dir, DataDir l1, Optional<RollupAddress> rollup,
      RollupConfig.Mode mode) {
    return RollupNode.run(new RollupNode.Request(dir, l1, rollup, mode, 0, false, 1),
        RollupNode.Control.NONE, Progress.NONE);
  }

  static RollupSnapshotExporter.Result export(RollupDataDir dir, Path file, boolean compact,
      RollupSnapshotExporter.Compression compression, boolean check) {
    return RollupSnapshotExporter.export(new RollupSnapshotExporter.Request(dir,
        Optional.of(file), compact, compression, check, Optional.empty(), "test"),
        Progress.NONE);
  }

  static RollupSnapshotImporter.Result importInto(Path file, RollupDataDir target,
      Optional<DataDir> l1, boolean check, boolean force) {
    return RollupSnapshotImporter.run(new RollupSnapshotImporter.Request(file.toString(), target,
        l1, check, force, TrustPolicy.NONE, Optional.empty()), Progress.NONE);
  }

  /** A rollup snapshot's members, read. */
  record Parts(RollupSnapshotMetadata metadata, List<L2Level> levels, byte[] context) {

    Parts withMetadata(RollupSnapshotMetadata changed) {
      return new Parts(changed, levels, context);
    }

    Parts withLevels(List<L2Level> changed) {
      return new Parts(metadata, changed, context);
    }
  }

  static Parts read(Path file) {
    try (SnapshotSource source = SnapshotSource.open(file.toString())) {
      SnapshotSource.Member version = SnapshotSource.expect(source, MemberKind.VERSION);
      SnapshotMetadata.readVersion(version.in(), version.size());
      SnapshotSource.Member meta = SnapshotSource.expect(source, MemberKind.METADATA);
      RollupSnapshotMetadata metadata = RollupSnapshotMetadata.read(meta.in(), meta.size());
      SnapshotSource.Member levelsMember = SnapshotSource.expect(source, MemberKind.L2_LEVELS);
      DataInputStream in = new DataInputStream(levelsMember.in());
      List<L2Level> levels = new ArrayList<>();
      for (Optional<L2Level> next = L2Level.readFrom(in, "test"); next.isPresent();
          next = L2Level.readFrom(in, "test")) {
        levels.add(next.get());
      }
      SnapshotSource.Member context = SnapshotSource.expect(source, MemberKind.CONTEXT);
      return new Parts(metadata, levels, context.in().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code parts} as a plain tar snapshot at {@code file}, as the exporter would. */
  static Path write(Parts parts, Path file) {
    byte[] version = SnapshotMetadata.versionBytes();
    byte[] meta = parts.metadata().encode();
    ByteArrayOutputStream levels = new ByteArrayOutputStream();
    for (L2Level level : parts.levels()) {
      levels.writeBytes(level.encode());
    }
    byte[] levelBytes = levels.toByteArray();
    try (OwnedDirectory staging = SnapshotExporter.stagingDirectory(file);
        SnapshotSink sink = SnapshotSink.open(staging.path(), file,
            parts.metadata().headL1Block(), SnapshotSink.ExportFormat.TAR, false,
            OptionalLong.empty())) {
      sink.add(MemberName.of(MemberKind.VERSION), version.length, out -> out.write(version));
      sink.add(MemberName.of(MemberKind.METADATA), meta.length, out -> out.write(meta));
      sink.add(MemberName.of(MemberKind.L2_LEVELS), levelBytes.length,
          out -> out.write(levelBytes));
      sink.add(MemberName.of(MemberKind.CONTEXT), parts.context().length,
          out -> out.write(parts.context()));
      sink.commit(written -> "{}".getBytes());
    }
    return file;
  }

  /** {@code metadata} describing {@code levels} and a context of {@code commits} states. */
  static RollupSnapshotMetadata describing(RollupSnapshotMetadata metadata, List<L2Level> levels,
      byte[] context, int commits, long elements) {
    L2Block head = levels.get(levels.size() - 1).block();
    int base = levels.get(0).block().level();
    return new RollupSnapshotMetadata(metadata.rollup(), metadata.compact(), head.level(),
        head.l1Block(), java.time.Instant.ofEpochSecond(head.timestamp()), head.state(),
        base, metadata.compact() ? base : metadata.contextFrom(), levels.size(), commits,
        elements, context.length, metadata.lastCemented().filter(c -> c.inboxLevel() >= base
            && c.inboxLevel() <= head.level()));
  }

  /**
   * Levels remade from {@code base} up, each from the one before it by the transition (the
   * messages, L1 blocks and timestamps of {@code levels}): a chain consistent in itself, whatever
   * was changed in it. {@code pvm} holds {@code base}'s state.
   */
  static List<L2Level> remade(RollupConfig config, ArithPvm pvm, L2Level base,
      List<L2Level> levels) {
    List<L2Level> out = new ArrayList<>();
    out.add(base);
    L2Block previous = base.block();
    L2Transition.LastCommitment last = new L2Transition.LastCommitment(
        base.commitment().orElseThrow(), base.block().ticks());
    for (L2Level level : levels.subList(1, levels.size())) {
      L2Level made = L2Transition.next(config, pvm, previous, last, level.block().l1Block(),
          level.block().timestamp(), level.messages());
      out.add(made);
      previous = made.block();
      if (made.commitment().isPresent()) {
        last = new L2Transition.LastCommitment(made.commitment().get(), made.block().ticks());
      }
    }
    return out;
  }

  /** A dump of {@code commit} in {@code context}. */
  static byte[] dump(LmdbContext context, ContextHash commit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ContextDump dump = context.openDump(List.of(commit), Progress.NONE)) {
      dump.writeTo(out, Progress.NONE);
      return out.toByteArray();
    }
  }

  /** The number of objects of a dump: its first eight bytes. */
  static long objects(byte[] dump) {
    return java.nio.ByteBuffer.wrap(dump).getLong();
  }
}
