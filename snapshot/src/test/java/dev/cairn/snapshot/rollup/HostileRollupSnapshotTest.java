package dev.cairn.snapshot.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.error.CairnException;
import dev.cairn.rollup.L2Block;
import dev.cairn.rollup.L2Level;
import dev.cairn.snapshot.rollup.RollupSnapshotExporter.Compression;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.RollupDataDir;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.rollup.Commitment;
import dev.cairn.validator.rollup.RollupLedger;
import dev.cairn.validator.rollup.arith.ArithPvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile rollup snapshots, each changed in one respect from a real one and written through the
 * production sink: each is refused with its typed error, naming the level where it has one, and
 * leaves no rollup directory and no staging behind.
 */
class HostileRollupSnapshotTest {

  @TempDir
  static Path shared;
  static DataDir l1;
  static Path compact;
  static Path full;
  static RollupSnapshots.Parts compactParts;
  static RollupSnapshots.Parts fullParts;

  @TempDir
  Path dir;

  @BeforeAll
  static void snapshots() {
    l1 = RollupSnapshots.l1(shared.resolve("l1"), 60);
    RollupDataDir node = RollupDataDir.at(shared.resolve("node"));
    RollupSnapshots.run(node, l1, Optional.of(rollupOf(l1)), RollupConfig.Mode.ARCHIVE);
    compact = RollupSnapshots.export(node, shared.resolve("compact.tar"), true, Compression.NO,
        false).path();
    full = RollupSnapshots.export(node, shared.resolve("full.tar"), false, Compression.NO,
        false).path();
    compactParts = RollupSnapshots.read(compact);
    fullParts = RollupSnapshots.read(full);
  }

  private static RollupAddress rollupOf(DataDir l1) {
    try (var store = dev.cairn.store.BlockReader.open(l1);
        var context = LmdbContext.openReadOnly(l1.contextDir(), shared)) {
      var head = store.block(store.markers().head().hash(), dev.cairn.store.Fetch.BLOCK)
          .orElseThrow();
      return new RollupLedger(context.checkout(head.header().context())).rollups().get(0);
    }
  }

  @Test
  void theUnchangedSnapshotsImportThroughTheTestWriter() {
    Path rewritten = RollupSnapshots.write(compactParts, dir.resolve("same.tar"));
    RollupSnapshots.importInto(rewritten, target(), Optional.of(l1), true, false);
    assertThat(RollupDataDir.at(dir.resolve("rollup")).exists()).isTrue();
  }

  @Test
  void aTamperedMessageIsCaughtByTheInboxChainAtItsLevel() {
    int at = 4;
    List<L2Level> levels = new ArrayList<>(compactParts.levels());
    levels.set(at, withMessages(levels.get(at), tampered(levels.get(at).messages())));
    assertRefused(compactParts.withLevels(levels), "Inconsistent_inbox",
        levels.get(at).block().level());
  }

  /**
   * A message changed and every level above remade around it except the states: the inbox
   * chain, the links and the commitments all hold, and only re-running the PVM shows it.
   */
  @Test
  void aTamperedMessageWithTheChainRemadeDivergesOnReconstructionAtItsLevel() {
    int at = 3;
    List<L2Level> levels = new ArrayList<>(compactParts.levels());
    L2Level changed = withMessages(levels.get(at), tampered(levels.get(at).messages()));
    levels.set(at, changed);
    List<L2Level> relinked = relinkKeepingStates(levels);
    assertRefused(compactParts.withLevels(relinked), "Inconsistent_rollup_state",
        relinked.get(at).block().level());
  }

  /**
   * A consistent snapshot of another history: its base state not the rollup's, every level
   * above remade from it. Alone it holds together; L1's last cemented commitment refutes it.
   */
  @Test
  void aSelfConsistentSnapshotWhoseStatesAreNotL1sIsRefusedAgainstL1() throws IOException {
    RollupConfig config = compactParts.metadata().rollup();
    try (LmdbContext scratch = LmdbContext.open(dir.resolve("scratch-context"))) {
      ArithPvm pvm = ArithPvm.boot(scratch.emptyTree(), "7 ".getBytes());
      pvm.runLevel(1, List.of("1 forged".getBytes()));
      ContextHash state = pvm.tree().commit(ArithPvm.CANONICAL);
      L2Level base = compactParts.levels().get(0);
      Commitment forgedCommitment = new Commitment(pvm.stateHash(), base.block().level(),
          base.commitment().orElseThrow().predecessor(), base.commitment().get().ticks());
      L2Level forgedBase = new L2Level(new L2Block(base.block().level(), base.block().l1Block(),
          base.block().timestamp(), base.block().predecessor(), base.block().inbox(),
          pvm.stateHash(), pvm.tick(), base.block().messages()), base.messages(),
          Optional.of(forgedCommitment));
      ArithPvm fresh = ArithPvm.on(scratch.checkout(state));
      List<L2Level> levels = RollupSnapshots.remade(config, fresh, forgedBase,
          compactParts.levels());
      byte[] context = RollupSnapshots.dump(scratch, state);
      RollupSnapshotMetadata described = RollupSnapshots.describing(compactParts.metadata(),
          levels, context, 1, RollupSnapshots.objects(context));
      RollupSnapshotMetadata metadata = new RollupSnapshotMetadata(described.rollup(),
          true, described.headLevel(), described.headL1Block(), described.timestamp(),
          described.headState(), described.baseLevel(), described.contextFrom(),
          described.levels(), 1, described.contextElements(), described.contextBytes(),
          Optional.of(new RollupLedger.CommitmentRef(forgedCommitment.hash(),
              base.block().level())));
      assertImportedAloneButRefusedAgainstL1(new RollupSnapshots.Parts(metadata, levels,
          context), base.block().level());
    }
  }

  /**
   * From a review: a compact snapshot based above L1's last cemented commitment, claiming no
   * cemented commitment, its base state the rollup's plus a variable, every level above replayed
   * from it. Without L1 it holds together; with L1 its base must be a commitment L1 holds.
   */
  @Test
  void aForgedBaseAboveL1sCementedLevelIsRefusedAgainstL1() throws IOException {
    RollupConfig config = fullParts.metadata().rollup();
    List<L2Level> all = fullParts.levels();
    L2Level base = null;
    int lcc = compactParts.metadata().lastCemented().orElseThrow().inboxLevel();
    for (L2Level level : all) {
      if (level.block().level() > lcc && level.commitment().isPresent()) {
        base = level;
        break;
      }
    }
    try (LmdbContext scratch = LmdbContext.open(dir.resolve("forged-base"))) {
      scratch.restore(new java.io.ByteArrayInputStream(fullParts.context()),
          fullParts.context().length, distinctStates(fullParts), dev.cairn.progress.Progress.NONE);
      ArithPvm pvm = ArithPvm.on(scratch.checkout(RollupStoreStates.of(base)));
      pvm.tree().set(List.of("vars", "stolen"), java.nio.ByteBuffer.allocate(8)
          .putLong(1_000_000).array());
      ContextHash state = pvm.tree().commit(ArithPvm.CANONICAL);
      Commitment c = base.commitment().orElseThrow();
      Commitment forged = new Commitment(pvm.stateHash(), c.inboxLevel(), c.predecessor(),
          c.ticks());
      L2Level forgedBase = new L2Level(new L2Block(base.block().level(), base.block().l1Block(),
          base.block().timestamp(), base.block().predecessor(), base.block().inbox(),
          pvm.stateHash(), base.block().ticks(), base.block().messages()), base.messages(),
          Optional.of(forged));
      List<L2Level> above = all.subList(all.indexOf(base), all.size());
      List<L2Level> levels = RollupSnapshots.remade(config, ArithPvm.on(scratch.checkout(state)),
          forgedBase, above);
      byte[] context = RollupSnapshots.dump(scratch, state);
      RollupSnapshotMetadata described = RollupSnapshots.describing(compactParts.metadata(),
          levels, context, 1, RollupSnapshots.objects(context));
      RollupSnapshotMetadata metadata = new RollupSnapshotMetadata(described.rollup(), true,
          described.headLevel(), described.headL1Block(), described.timestamp(),
          described.headState(), described.baseLevel(), described.contextFrom(),
          described.levels(), 1, described.contextElements(), described.contextBytes(),
          Optional.empty());
      assertImportedAloneButRefusedAgainstL1(new RollupSnapshots.Parts(metadata, levels,
          context), forgedBase.block().level());
    }
  }

  /** From a review: a last cemented commitment out of the levels, or not the snapshot's own. */
  @Test
  void aLastCementedCommitmentTheLevelsDoNotBearIsRefused() {
    RollupSnapshotMetadata m = fullParts.metadata();
    RollupSnapshotMetadata far = new RollupSnapshotMetadata(m.rollup(), false, m.headLevel(),
        m.headL1Block(), m.timestamp(), m.headState(), m.baseLevel(), m.contextFrom(),
        m.levels(), m.contextCommits(), m.contextElements(), m.contextBytes(), Optional.empty());
    String json = new String(far.encode(), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"last_cemented\" : null", "\"last_cemented\" : {\"hash\" : \""
            + compactParts.metadata().lastCemented().orElseThrow().hash()
            + "\", \"inbox_level\" : 2147483647}");
    Throwable thrown = catchThrowable(() -> RollupSnapshotMetadata.read(
        new java.io.ByteArrayInputStream(json.getBytes()), json.length()));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e ->
        assertThat(e.error().name()).isEqualTo("Cannot_read"));
    int level = compactParts.metadata().lastCemented().orElseThrow().inboxLevel();
    RollupSnapshotMetadata wrong = new RollupSnapshotMetadata(m.rollup(), false, m.headLevel(),
        m.headL1Block(), m.timestamp(), m.headState(), m.baseLevel(), m.contextFrom(),
        m.levels(), m.contextCommits(), m.contextElements(), m.contextBytes(),
        Optional.of(new RollupLedger.CommitmentRef(Commitment.NONE, level)));
    assertRefused(fullParts.withMetadata(wrong), "Inconsistent_commitment", level);
  }

  /** From a review: a 64 KiB message is more than L1 ever accepts, refused before the PVM. */
  @Test
  void aMessageLargerThanL1AcceptsIsRefusedAtItsLevel() {
    List<L2Level> levels = new ArrayList<>(compactParts.levels());
    L2Level level = levels.get(2);
    List<byte[]> messages = new ArrayList<>(level.messages());
    byte[] large = new byte[65_536];
    java.util.Arrays.fill(large, (byte) ' ');
    messages.set(0, large);
    levels.set(2, withMessages(level, messages));
    assertRefused(compactParts.withLevels(levels), "Inconsistent_l2_chain",
        level.block().level());
  }

  /** From a review: a head beyond L1's, or a level that ran another L1 block. */
  @Test
  void aSnapshotAheadOfL1OrOfAnotherL1BlockIsRefusedAgainstL1() throws IOException {
    DataDir shortL1 = RollupSnapshots.l1(dir.resolve("short-l1"), 30);
    Throwable thrown = catchThrowable(() -> RollupSnapshots.importInto(full, target(),
        Optional.of(shortL1), true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e ->
        assertThat(e.error().name()).isEqualTo("Rollup_ahead_of_l1"));
    assertNothingLanded();
    List<L2Level> levels = new ArrayList<>(fullParts.levels());
    L2Level level = levels.get(7);
    L2Level other = levels.get(8);
    levels.set(7, new L2Level(new L2Block(level.block().level(), other.block().l1Block(),
        level.block().timestamp(), level.block().predecessor(), level.block().inbox(),
        level.block().state(), level.block().ticks(), level.block().messages()),
        level.messages(), level.commitment()));
    List<L2Level> relinked = relinkKeepingStates(levels);
    Path file = RollupSnapshots.write(fullParts.withLevels(relinked), dir.resolve("other.tar"));
    thrown = catchThrowable(() -> RollupSnapshots.importInto(file, target(), Optional.of(l1),
        true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo("Inconsistent_l2_chain");
      assertThat(e.error().details()).contains("level " + level.block().level());
    });
    assertNothingLanded();
  }

  /** From a second review: a base whose inbox is not L1's as of its level. */
  @Test
  void aBaseInboxThatIsNotL1sIsRefusedAgainstL1() {
    L2Level base = compactParts.levels().get(0);
    L2Level forged = new L2Level(new L2Block(base.block().level(), base.block().l1Block(),
        base.block().timestamp(), base.block().predecessor(),
        dev.cairn.store.hash.InboxHash.of(new byte[32]), base.block().state(),
        base.block().ticks(), base.block().messages()), base.messages(), base.commitment());
    List<L2Level> levels = new ArrayList<>(compactParts.levels());
    levels.set(0, forged);
    List<L2Level> relinked = relinkKeepingStates(levels);
    Path file = RollupSnapshots.write(compactParts.withLevels(relinked), dir.resolve("inbox.tar"));
    Throwable thrown = catchThrowable(() -> RollupSnapshots.importInto(file, target(),
        Optional.of(l1), true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo("Inconsistent_inbox");
      assertThat(e.error().details()).contains("level " + base.block().level());
    });
    assertNothingLanded();
  }

  /** From a second review: a base whose tick count is not its state's. */
  @Test
  void aBaseWhoseTicksAreNotItsStatesIsRefused() {
    L2Level base = compactParts.levels().get(0);
    L2Level forged = new L2Level(new L2Block(base.block().level(), base.block().l1Block(),
        base.block().timestamp(), base.block().predecessor(), base.block().inbox(),
        base.block().state(), base.block().ticks() - 5, base.block().messages()),
        base.messages(), base.commitment());
    List<L2Level> levels = new ArrayList<>(compactParts.levels());
    levels.set(0, forged);
    assertRefused(compactParts.withLevels(relinkKeepingStates(levels)), "Inconsistent_l2_chain",
        base.block().level());
  }

  /** From a second review: timestamps that are not their L1 blocks'. */
  @Test
  void timestampsThatAreNotL1sAreRefusedAgainstL1() {
    List<L2Level> levels = new ArrayList<>();
    for (L2Level level : compactParts.levels()) {
      levels.add(new L2Level(new L2Block(level.block().level(), level.block().l1Block(),
          level.block().timestamp() + 100_000, level.block().predecessor(),
          level.block().inbox(), level.block().state(), level.block().ticks(),
          level.block().messages()), level.messages(), level.commitment()));
    }
    List<L2Level> relinked = relinkKeepingStates(levels);
    RollupSnapshotMetadata m = compactParts.metadata();
    RollupSnapshotMetadata shifted = new RollupSnapshotMetadata(m.rollup(), true, m.headLevel(),
        m.headL1Block(), m.timestamp().plusSeconds(100_000), m.headState(), m.baseLevel(),
        m.contextFrom(), m.levels(), 1, m.contextElements(), m.contextBytes(), m.lastCemented());
    Path file = RollupSnapshots.write(new RollupSnapshots.Parts(shifted, relinked,
        compactParts.context()), dir.resolve("time.tar"));
    Throwable thrown = catchThrowable(() -> RollupSnapshots.importInto(file, target(),
        Optional.of(l1), true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e ->
        assertThat(e.error().name()).isEqualTo("Inconsistent_l2_chain"));
    assertNothingLanded();
  }

  /**
   * From a second review: an oldest state caught in the middle of a message (which no level ends
   * in), with a long message to parse: refused before anything runs.
   */
  @Test
  void anOldestStateInTheMiddleOfAMessageIsRefused() throws IOException {
    L2Level base = compactParts.levels().get(0);
    try (LmdbContext scratch = LmdbContext.open(dir.resolve("crafted"))) {
      dev.cairn.context.ContextTree tree = scratch.emptyTree();
      tree.set(List.of("status"), new byte[] {2});
      tree.set(List.of("parser_state"), new byte[] {2});
      tree.set(List.of("lexer_buffer"), new byte[8]);
      tree.set(List.of("tick"), java.nio.ByteBuffer.allocate(8).putLong(base.block().ticks())
          .array());
      byte[] message = new byte[1 << 16];
      java.util.Arrays.fill(message, (byte) '1');
      tree.set(List.of("next_message"), message);
      ContextHash hash = tree.commit(ArithPvm.CANONICAL);
      var state = dev.cairn.store.hash.RollupStateHash.of(hash.bytes().toArray());
      byte[] context = RollupSnapshots.dump(scratch, hash);
      Commitment c = base.commitment().orElseThrow();
      Commitment forged = new Commitment(state, c.inboxLevel(), c.predecessor(), c.ticks());
      L2Level forgedBase = new L2Level(new L2Block(base.block().level(), base.block().l1Block(),
          base.block().timestamp(), base.block().predecessor(), base.block().inbox(), state,
          base.block().ticks(), base.block().messages()), base.messages(), Optional.of(forged));
      List<L2Level> levels = List.of(forgedBase);
      RollupSnapshotMetadata d = RollupSnapshots.describing(compactParts.metadata(), levels,
          context, 1, RollupSnapshots.objects(context));
      RollupSnapshotMetadata metadata = new RollupSnapshotMetadata(d.rollup(), true,
          d.headLevel(), d.headL1Block(), d.timestamp(), d.headState(), d.baseLevel(),
          d.contextFrom(), 1, 1, d.contextElements(), d.contextBytes(), Optional.empty());
      assertRefused(new RollupSnapshots.Parts(metadata, levels, context),
          "Inconsistent_context", -1);
    }
  }

  @Test
  void aMissingLevelIsRefused() {
    List<L2Level> levels = new ArrayList<>(fullParts.levels());
    levels.remove(10);
    assertRefused(fullParts.withLevels(levels).withMetadata(fullParts.metadata()),
        "Inconsistent_l2_chain", fullParts.levels().get(10).block().level());
  }

  @Test
  void reorderedLevelsAreRefused() {
    List<L2Level> levels = new ArrayList<>(fullParts.levels());
    Collections.swap(levels, 20, 21);
    assertRefused(fullParts.withLevels(levels), "Inconsistent_l2_chain",
        fullParts.levels().get(21).block().level());
  }

  @Test
  void aRepeatedLevelIsRefused() {
    List<L2Level> levels = new ArrayList<>(fullParts.levels());
    levels.add(30, levels.get(29));
    levels.remove(levels.size() - 1);
    assertRefused(fullParts.withLevels(levels), "Inconsistent_l2_chain",
        fullParts.levels().get(30).block().level());
  }

  @Test
  void aContextWhoseCommitIsNotTheClaimedOneIsRefused() throws IOException {
    try (LmdbContext scratch = LmdbContext.open(dir.resolve("other-context"))) {
      ArithPvm pvm = ArithPvm.boot(scratch.emptyTree(), new byte[0]);
      ContextHash other = pvm.tree().commit(ArithPvm.CANONICAL);
      byte[] context = RollupSnapshots.dump(scratch, other);
      RollupSnapshotMetadata m = compactParts.metadata();
      RollupSnapshotMetadata metadata = new RollupSnapshotMetadata(m.rollup(), true,
          m.headLevel(), m.headL1Block(), m.timestamp(), m.headState(), m.baseLevel(),
          m.contextFrom(), m.levels(), 1, RollupSnapshots.objects(context), context.length,
          m.lastCemented());
      assertRefused(new RollupSnapshots.Parts(metadata, compactParts.levels(), context),
          "Inconsistent_context_hash", -1);
    }
  }

  @Test
  void aHeadThatIsNotTheOneMetadataNamesIsRefused() {
    RollupSnapshotMetadata m = compactParts.metadata();
    L2Level below = compactParts.levels().get(compactParts.levels().size() - 2);
    RollupSnapshotMetadata lying = new RollupSnapshotMetadata(m.rollup(), true, m.headLevel(),
        m.headL1Block(), m.timestamp(), below.block().state(), m.baseLevel(), m.contextFrom(),
        m.levels(), 1, m.contextElements(), m.contextBytes(), m.lastCemented());
    assertRefused(compactParts.withMetadata(lying), "Inconsistent_l2_chain", m.headLevel());
  }

  @Test
  void aCommitmentThatIsNotTheStatesIsRefusedAtItsLevel() {
    List<L2Level> levels = new ArrayList<>(fullParts.levels());
    int at = -1;
    for (int i = 1; i < levels.size(); i++) {
      if (levels.get(i).commitment().isPresent()) {
        at = i;
        break;
      }
    }
    L2Level level = levels.get(at);
    Commitment c = level.commitment().orElseThrow();
    levels.set(at, new L2Level(level.block(), level.messages(), Optional.of(new Commitment(
        c.state(), c.inboxLevel(), c.predecessor(), c.ticks() + 1))));
    assertRefused(fullParts.withLevels(levels), "Inconsistent_commitment",
        level.block().level());
  }

  @Test
  void anL1SnapshotIsNotARollupSnapshotAndTheReverse() {
    Throwable thrown = catchThrowable(() -> dev.cairn.snapshot.SnapshotInfo.read(
        compact.toString()));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e ->
        assertThat(e.error().name()).isEqualTo("Not_a_snapshot"));
  }

  @Test
  void membersBreakingTheL1RulesAreRefusedAsThere() throws IOException {
    byte[] bytes = Files.readAllBytes(compact);
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    Path cut = Files.write(dir.resolve("cut.tar"), truncated);
    Throwable thrown = catchThrowable(() -> RollupSnapshots.importInto(cut, target(),
        Optional.empty(), true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e ->
        assertThat(e.error().name()).isIn("Cannot_read", "Invalid_snapshot_member"));
    assertNothingLanded();
    String renamed = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replaceFirst("l2_levels", "l2_lovels");
    Path misnamed = Files.write(dir.resolve("misnamed.tar"),
        renamed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    thrown = catchThrowable(() -> RollupSnapshots.importInto(misnamed, target(),
        Optional.empty(), true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e ->
        assertThat(e.error().name()).isEqualTo("Invalid_snapshot_member"));
    assertNothingLanded();
  }

  // ---- helpers ----

  /** The states a full snapshot's context holds, in order: its levels' from context_from. */
  private static List<ContextHash> distinctStates(RollupSnapshots.Parts parts) {
    java.util.LinkedHashSet<ContextHash> states = new java.util.LinkedHashSet<>();
    for (L2Level level : parts.levels()) {
      if (level.block().level() >= parts.metadata().contextFrom()) {
        states.add(RollupStoreStates.of(level));
      }
    }
    return new ArrayList<>(states);
  }

  /** A level's state as a context commit. */
  private static final class RollupStoreStates {
    static ContextHash of(L2Level level) {
      return dev.cairn.rollup.RollupStore.asContext(level.block().state());
    }
  }

  private RollupDataDir target() {
    return RollupDataDir.at(dir.resolve("rollup"));
  }

  private void assertRefused(RollupSnapshots.Parts parts, String name, int level) {
    Path file = RollupSnapshots.write(parts, dir.resolve("hostile.tar"));
    Throwable thrown = catchThrowable(() -> RollupSnapshots.importInto(file, target(),
        Optional.empty(), true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo(name);
      if (level > 0) {
        assertThat(e.error().details()).contains("level " + level);
      }
    });
    assertNothingLanded();
  }

  /**
   * A forged snapshot that holds together alone (it imports without L1) and that L1 refutes: an
   * import against L1 is {@code Inconsistent_commitment} at {@code level}, and nothing lands.
   */
  private void assertImportedAloneButRefusedAgainstL1(RollupSnapshots.Parts parts, int level) {
    Path file = RollupSnapshots.write(parts, dir.resolve("forged.tar"));
    RollupSnapshots.importInto(file, RollupDataDir.at(dir.resolve("alone")), Optional.empty(),
        true, false);
    Throwable thrown = catchThrowable(() -> RollupSnapshots.importInto(file, target(),
        Optional.of(l1), true, false));
    assertThat(thrown).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo("Inconsistent_commitment");
      assertThat(e.error().details()).contains("inbox level " + level);
    });
    assertNothingLanded();
  }

  private void assertNothingLanded() {
    RollupDataDir target = target();
    assertThat(target.root()).doesNotExist();
    assertThat(target.importStagingDir()).doesNotExist();
  }

  private static L2Level withMessages(L2Level level, List<byte[]> messages) {
    return new L2Level(level.block(), messages, level.commitment());
  }

  private static List<byte[]> tampered(List<byte[]> messages) {
    List<byte[]> out = new ArrayList<>(messages);
    byte[] first = out.get(0).clone();
    first[0] = (byte) (first[0] == '9' ? '8' : '9');
    out.set(0, first);
    return out;
  }

  /**
   * The levels with each block's inbox, predecessor and commitment remade to follow from its
   * messages and the blocks before it, but its state and ticks kept as they were.
   */
  private static List<L2Level> relinkKeepingStates(List<L2Level> levels) {
    List<L2Level> out = new ArrayList<>();
    out.add(levels.get(0));
    Commitment last = levels.get(0).commitment().orElseThrow();
    long lastTicks = levels.get(0).block().ticks();
    for (int i = 1; i < levels.size(); i++) {
      L2Level level = levels.get(i);
      L2Block previous = out.get(i - 1).block();
      var inbox = previous.inbox();
      for (int m = 0; m < level.messages().size(); m++) {
        inbox = dev.cairn.validator.rollup.RollupInbox.next(inbox, level.block().level(), m,
            level.messages().get(m));
      }
      L2Block block = new L2Block(level.block().level(), level.block().l1Block(),
          level.block().timestamp(), previous.hash(), inbox, level.block().state(),
          level.block().ticks(), level.block().messages());
      Optional<Commitment> commitment = level.commitment().map(c -> c);
      if (commitment.isPresent()) {
        Commitment remade = new Commitment(block.state(), block.level(), last.hash(),
            block.ticks() - lastTicks);
        commitment = Optional.of(remade);
        last = remade;
        lastTicks = block.ticks();
      }
      out.add(new L2Level(block, level.messages(), commitment));
    }
    return out;
  }
}
