package dev.cairn.snapshot.rollup;

import dev.cairn.context.ContextDump;
import dev.cairn.progress.Progress;
import dev.cairn.rollup.GcHold;
import dev.cairn.rollup.L2Level;
import dev.cairn.rollup.RollupStore;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.snapshot.io.SnapshotSink;
import dev.cairn.snapshot.io.SnapshotSource;
import dev.cairn.store.StoreError;
import dev.cairn.store.datadir.OwnedDirectory;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.validator.crypto.SigningKey;
import dev.cairn.validator.rollup.RollupLedger;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code cairn rollup snapshot export}: a rollup data directory's L2 chain and states as a
 * snapshot, written beside a running {@code rollup run}.
 *
 * <p>The one critical section is the {@link GcHold}: under it the export reads the head and the
 * last cemented level, the states of the levels it carries, and walks them into a spooled
 * context dump (one LMDB read view); the node meanwhile keeps making levels and only defers a
 * collection. Everything after (the L2 levels, which an append-only log never changes, the tar,
 * its compression, the manifest) happens without it. So the compression strategy changes disk
 * use and time, not the hold-up: {@code no} writes a tar; {@code on-the-fly} compresses as it
 * writes (only the compressed file is ever on disk); {@code after} writes the tar, then
 * compresses it into the final file (twice the disk for a while, the fastest first copy).
 */
public final class RollupSnapshotExporter {

  /** How the snapshot is compressed (Octez's rollup node's choices). */
  public enum Compression {
    NO, ON_THE_FLY, AFTER;

    /** Reads {@code no}, {@code on-the-fly} or {@code after}. */
    public static Compression parse(String text) {
      return switch (text) {
        case "no" -> NO;
        case "on-the-fly" -> ON_THE_FLY;
        case "after" -> AFTER;
        default -> throw new IllegalArgumentException("--compression is no, on-the-fly or "
            + "after, not '" + text + "'");
      };
    }
  }

  /**
   * What to export.
   *
   * @param destination the snapshot file; a name from the rollup and head if empty
   * @param compact one state (the last cemented level's) and the levels above it, rather than
   *     every state the node keeps
   * @param check import the written snapshot into a scratch directory to check it, as an
   *     import with checks would
   */
  public record Request(RollupDataDir dir, Optional<Path> destination, boolean compact,
      Compression compression, boolean check, Optional<SigningKey> signWith,
      String cairnVersion) {}

  /**
   * What was exported, and for how long the node's collections were held off.
   *
   * @param holdNanos the critical section's duration
   */
  public record Result(Path path, Path manifest, RollupSnapshotMetadata metadata, long bytes,
      long holdNanos) {}

  private RollupSnapshotExporter() {}

  public static Result export(Request request, Progress progress) {
    try (RollupStore store = RollupStore.openReader(request.dir())) {
      Path destination = request.destination().orElseGet(() -> Path.of(defaultName(store,
          request))).toAbsolutePath().normalize();
      SnapshotSink.checkDestination(destination);
      try (OwnedDirectory staging = SnapshotExporter.stagingDirectory(destination)) {
        SnapshotSink.checkSiblings(destination);
        Produced produced = produce(store, request, staging.path(), destination, progress);
        if (request.check()) {
          progress.phase("check", -1);
          RollupSnapshotImporter.verify(ManifestFiles.manifestOf(destination).toString(),
              destination.getParent(), progress);
        }
        return new Result(destination, ManifestFiles.manifestOf(destination),
            produced.metadata(), produced.bytes(), produced.holdNanos());
      }
    }
  }

  private record Produced(RollupSnapshotMetadata metadata, long bytes, long holdNanos) {}

  /** The levels chosen and the states dumped, under the hold. */
  private record Chosen(L2Level head, int base, int contextFrom, int commits,
      Optional<RollupLedger.CommitmentRef> cemented, ContextDump dump, long holdNanos) {}

  private static Produced produce(RollupStore store, Request request, Path staging,
      Path destination, Progress progress) {
    progress.phase("states", -1);
    Chosen chosen = choose(store, request.compact(), staging, progress);
    try (ContextDump dump = chosen.dump()) {
      Path levels = RollupDataDir.spooledLevels(staging);
      long levelsBytes = spoolLevels(store, chosen.base(), chosen.head().block().level(), levels,
          progress);
      RollupSnapshotMetadata metadata = new RollupSnapshotMetadata(store.config(),
          request.compact(), chosen.head().block().level(), chosen.head().block().l1Block(),
          Instant.ofEpochSecond(chosen.head().block().timestamp()), chosen.head().block().state(),
          chosen.base(), chosen.contextFrom(), chosen.head().block().level() - chosen.base() + 1,
          chosen.commits(), dump.objectCount(), dump.byteLength(), chosen.cemented());
      progress.phase("write", -1);
      long bytes;
      if (request.compression() == Compression.AFTER) {
        Path uncompressed = RollupDataDir.uncompressedExport(staging);
        try (OwnedDirectory first = SnapshotExporter.stagingDirectory(uncompressed)) {
          write(metadata, dump, levels, levelsBytes, first.path(), uncompressed, false,
              Optional.empty(), request, progress);
        }
        progress.phase("compress", -1);
        bytes = recompress(metadata, uncompressed, staging, destination, request, progress);
      } else {
        bytes = write(metadata, dump, levels, levelsBytes, staging, destination,
            request.compression() == Compression.ON_THE_FLY, request.signWith(), request,
            progress);
      }
      return new Produced(metadata, bytes, chosen.holdNanos());
    }
  }

  /**
   * Under the hold: the head, the last cemented level, the states to carry, their dump. A full
   * snapshot carries every state the node keeps from the last cemented level up (from its first
   * level, for an archive node); a compact one the last cemented level's alone.
   */
  private static Chosen choose(RollupStore store, boolean compact, Path staging,
      Progress progress) {
    long start = System.nanoTime();
    try (GcHold hold = GcHold.take(store.dir())) {
      store.refresh(); // the head and cemented level as they are now, under the hold
      L2Level head = store.head();
      Optional<RollupLedger.CommitmentRef> cemented = store.cemented()
          .filter(c -> c.inboxLevel() >= store.firstLevel()
              && c.inboxLevel() <= head.block().level());
      int keptFrom = store.config().historyMode() == dev.cairn.store.chain.RollupConfig.Mode
          .ARCHIVE ? store.firstLevel()
          : cemented.map(RollupLedger.CommitmentRef::inboxLevel).orElse(store.firstLevel());
      int contextFrom = compact
          ? cemented.map(RollupLedger.CommitmentRef::inboxLevel).orElse(store.firstLevel())
          : keptFrom;
      int base = compact ? contextFrom : store.firstLevel();
      int to = compact ? contextFrom : head.block().level();
      try (StateList states = StateList.create(RollupDataDir.spooledStates(staging))) {
        for (int level = contextFrom; level <= to; level++) {
          states.add(store.level(level).orElseThrow().block().state().bytes().toArray());
        }
        ContextDump dump = store.context().openDump(states.finish(), progress);
        return new Chosen(head, base, contextFrom, states.size(), cemented, dump,
            System.nanoTime() - start);
      }
    }
  }

  /** Writes levels {@code from}..{@code to} to {@code file} as the member holds them. */
  private static long spoolLevels(RollupStore store, int from, int to, Path file,
      Progress progress) {
    progress.phase("levels", to - from + 1);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(file), 1 << 16))) {
      for (int level = from; level <= to; level++) {
        out.write(store.level(level).orElseThrow().encode());
        if ((level - from) % 1024 == 0) {
          progress.advance(level - from + 1);
          progress.checkCancelled();
        }
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "spool the L2 levels to", e);
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "measure the spooled L2 levels in", e);
    }
  }

  private static long write(RollupSnapshotMetadata metadata, ContextDump dump, Path levels,
      long levelsBytes, Path staging, Path destination, boolean zstd,
      Optional<SigningKey> signWith, Request request, Progress progress) {
    byte[] version = SnapshotMetadata.versionBytes();
    byte[] meta = metadata.encode();
    try (SnapshotSink sink = SnapshotSink.open(staging, destination, metadata.headL1Block(),
        SnapshotSink.ExportFormat.TAR, zstd, OptionalLong.empty())) {
      sink.add(MemberName.of(MemberKind.VERSION), version.length, out -> out.write(version));
      sink.add(MemberName.of(MemberKind.METADATA), meta.length, out -> out.write(meta));
      sink.add(MemberName.of(MemberKind.L2_LEVELS), levelsBytes, out -> copy(levels, out));
      sink.add(MemberName.of(MemberKind.CONTEXT), dump.byteLength(),
          out -> dump.writeTo(out, progress));
      SnapshotSink.Written written = sink.commit(what -> manifest(metadata, what,
          destination.getFileName().toString(), request.cairnVersion(), signWith));
      return written.size();
    }
  }

  /** Reads the uncompressed snapshot back member by member into the compressed one. */
  private static long recompress(RollupSnapshotMetadata metadata, Path uncompressed,
      Path staging, Path destination, Request request, Progress progress) {
    try (SnapshotSource source = SnapshotSource.open(uncompressed.toString(), Optional.empty(),
        TrustPolicy.NONE, progress::cancelled);
        SnapshotSink sink = SnapshotSink.open(staging, destination, metadata.headL1Block(),
            SnapshotSink.ExportFormat.TAR, true, OptionalLong.empty())) {
      for (Optional<SnapshotSource.Member> member = source.next(); member.isPresent();
          member = source.next()) {
        InputStream in = member.get().in();
        sink.add(member.get().name(), member.get().size(), out -> in.transferTo(out));
      }
      SnapshotSink.Written written = sink.commit(what -> manifest(metadata, what,
          destination.getFileName().toString(), request.cairnVersion(), request.signWith()));
      return written.size();
    } finally {
      try {
        Files.deleteIfExists(uncompressed);
        Files.deleteIfExists(ManifestFiles.manifestOf(uncompressed));
      } catch (IOException e) {
        // The staging directory is removed with everything in it.
      }
    }
  }

  private static void copy(Path file, OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(out);
    }
  }

  private static byte[] manifest(RollupSnapshotMetadata metadata, SnapshotSink.Written written,
      String name, String cairnVersion, Optional<SigningKey> signWith) {
    SignedManifest manifest = SignedManifest.unsigned(new SnapshotManifest(
        metadata.rollup().rollup().toString(), metadata.manifestMode(), metadata.headL1Block(),
        metadata.headLevel(), metadata.timestamp(), written.layout(), name, written.size(),
        written.sha256(), written.parts(), written.files(), cairnVersion));
    return signWith.map(manifest::signedBy).orElse(manifest).encode();
  }

  /** {@code <rollup>-<level>.<full|compact>.rollup}, and {@code .zst} if compressed. */
  public static String defaultName(RollupStore store, Request request) {
    return store.config().rollup() + "-" + store.head().block().level() + "."
        + (request.compact() ? "compact" : "full") + ".rollup"
        + (request.compression() == Compression.NO ? "" : ".zst");
  }
}
