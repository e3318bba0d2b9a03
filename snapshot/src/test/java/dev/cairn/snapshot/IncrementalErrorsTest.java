package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.chain.ChainAssembler;
import dev.cairn.snapshot.chain.ChainImport;
import dev.cairn.snapshot.chain.SnapshotChain;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.ParentLink;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.export.SnapshotSquasher;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.datadir.DataDir;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains that do not hold together (DESIGN §16), each refused with its typed error before
 * anything lands: the target data directory stays absent and no scratch is left beside it.
 * Snapshots {@code snap-0} (base), {@code snap-1} and {@code snap-2} (incrementals), Raw, so that
 * a test can rewrite one member and its manifest's entry.
 */
class IncrementalErrorsTest {

  @TempDir
  Path dir;

  private DataDir node;
  private Path chain;

  @BeforeEach
  void exportChain() throws IOException {
    node = TestChains.generate(dir.resolve("node"), 30, "full:1", 5, 40);
    chain = Files.createDirectories(dir.resolve("chain"));
    export(chain.resolve("snap-0"), Optional.empty(), BlockId.DEFAULT, false);
    IncrementalChainTest.bake(node, 6);
    export(chain.resolve("snap-1"), Optional.of(manifest(0)), BlockId.DEFAULT, false);
    IncrementalChainTest.bake(node, 6);
    export(chain.resolve("snap-2"), Optional.of(manifest(1)), BlockId.DEFAULT, false);
  }

  private SnapshotExporter.Result export(Path destination, Optional<Path> parent, BlockId block,
      boolean rolling) {
    return SnapshotExporter.export(new SnapshotExporter.Request(node, block, rolling,
        ExportFormat.RAW, false, Optional.of(destination), OptionalLong.empty(), "test",
        Optional.empty(), parent), Progress.NONE);
  }

  private Path manifest(int step) {
    return ManifestFiles.manifestOf(chain.resolve("snap-" + step));
  }

  /** Imports the chain whose tip is {@code snap-2}; returns the error, checking nothing landed. */
  private String importFailure(List<Path> parents) {
    DataDir target = DataDir.at(dir.resolve("target"));
    CairnException e = (CairnException) catchThrowable(() -> ChainImport.run(
        new SnapshotImporter.Request(target, manifest(2).toString(), Optional.empty(), true,
            false), parents, Progress.NONE));
    assertThat(e).as("a typed error").isNotNull();
    assertThat(target.root()).doesNotExist();
    assertThat(target.chainStagingDir()).doesNotExist();
    return e.error().name() + ": " + e.error().details();
  }

  @Test
  void aMissingParentIsMissingParent() throws IOException {
    Files.move(manifest(1), dir.resolve("elsewhere.json"));
    assertThat(importFailure(List.of())).startsWith("Missing_parent: ")
        .contains("snap-1.manifest.json");
  }

  @Test
  void aParentGivenApartIsFoundByItsDigest() throws IOException {
    Path apart = Files.createDirectories(dir.resolve("apart"));
    Files.move(manifest(1), apart.resolve("renamed.json"));
    Files.move(chain.resolve("snap-1"), apart.resolve("snap-1"));
    DataDir target = DataDir.at(dir.resolve("target"));
    SnapshotImporter.Result result = ChainImport.run(new SnapshotImporter.Request(target,
        manifest(2).toString(), Optional.empty(), true, false),
        List.of(apart.resolve("renamed.json")), Progress.NONE);
    assertThat(result.metadata().level()).isEqualTo(30 + 12 - 2);
  }

  @Test
  void aParentOfAnotherDigestIsRefused() {
    // A snapshot of another block below, its manifest put where the child looks.
    Path other = chain.resolve("other");
    export(other, Optional.empty(), BlockId.parse("head~9"), false);
    replaceManifest(1, ManifestFiles.read(ManifestFiles.manifestOf(other)), m -> m);
    assertThat(importFailure(List.of())).startsWith("Inconsistent_parent: block: ");
  }

  @Test
  void aParentSnapshotOfTheSameBlockButOtherBytesIsADigestMismatch() {
    SignedManifest parent = ManifestFiles.read(manifest(1));
    replaceManifest(1, parent, m -> new SnapshotManifest(m.chainName(), m.mode(), m.block(),
        m.level(), m.timestamp(), m.layout(), m.snapshotName(), m.size(), m.sha256(), m.parts(),
        m.files(), "another cairn", m.parent()));
    assertThat(importFailure(List.of())).startsWith("Inconsistent_parent: digest: ");
  }

  @Test
  void aSignatureAddedToAParentLaterKeepsTheLink() {
    dev.cairn.validator.crypto.SigningKey key = dev.cairn.validator.crypto.SigningKey
        .generate(new java.security.SecureRandom());
    ManifestFiles.addSignature(manifest(1), key);
    DataDir target = DataDir.at(dir.resolve("target"));
    assertThat(ChainImport.run(new SnapshotImporter.Request(target, manifest(2).toString(),
        Optional.empty(), true, false), List.of(), Progress.NONE).metadata().level())
        .isEqualTo(40);
  }

  @Test
  void incrementalsOutOfOrderAreRefused() throws IOException {
    // snap-2's manifest where snap-1's should be: a parent that is not below its child.
    Files.copy(manifest(2), manifest(1), StandardCopyOption.REPLACE_EXISTING);
    assertThat(importFailure(List.of())).startsWith("Inconsistent_parent: order: ");
  }

  @Test
  void aCycleOfParentsIsRefused() {
    SignedManifest one = ManifestFiles.read(manifest(1));
    SnapshotManifest looped = withParent(one.manifest(), new ParentLink(
        one.manifest().parent().get().block(), one.manifest().parent().get().level(),
        "snap-2.manifest.json", one.manifest().parent().get().manifestSha256()));
    SignedManifest written = replaceManifest(1, SignedManifest.unsigned(looped), m -> m);
    SnapshotManifest two = ManifestFiles.read(manifest(2)).manifest();
    ParentLink link = two.parent().get();
    replaceManifest(2, SignedManifest.unsigned(withParent(two, new ParentLink(link.block(),
        link.level(), link.manifestName(), ParentLink.digestOf(written)))), m -> m);
    assertThat(importFailure(List.of())).startsWith("Inconsistent_parent: cycle: ");
  }

  @Test
  void anIncrementalWithAnObjectItsParentHasIsRefused() throws IOException {
    List<byte[]> base = frames(chain.resolve("snap-1").resolve("context"));
    List<byte[]> delta = frames(chain.resolve("snap-2").resolve("context"));
    delta.add(0, base.get(0));
    rewriteContext(delta);
    assertThat(importFailure(List.of())).startsWith("Inconsistent_context: ")
        .contains("already in the parent's context");
  }

  @Test
  void anIncrementalWhoseObjectPointsAtNothingKnownIsRefused() throws IOException {
    List<byte[]> delta = frames(chain.resolve("snap-2").resolve("context"));
    delta.remove(0);
    rewriteContext(delta);
    assertThat(importFailure(List.of())).startsWith("Inconsistent_context: ")
        .contains("neither in the parent's context nor before it");
  }

  @Test
  void aManifestChangedAfterItsChainWasCheckedIsRefusedWhenItsSnapshotIsRead()
      throws IOException {
    SnapshotChain resolved = SnapshotChain.resolve(manifest(2), List.of(), TrustPolicy.NONE);
    SignedManifest tip = ManifestFiles.read(manifest(2));
    replaceManifest(2, tip, m -> new SnapshotManifest(m.chainName(), m.mode(), m.block(),
        m.level(), m.timestamp(), m.layout(), m.snapshotName(), m.size(), m.sha256(), m.parts(),
        m.files(), "swapped", m.parent()));
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    CairnException e = (CairnException) catchThrowable(() ->
        ChainAssembler.assemble(resolved, scratch, Progress.NONE).close());
    assertThat(e.error().name() + ": " + e.error().details())
        .startsWith("Inconsistent_parent: digest: ").contains("changed after its chain");
  }

  @Test
  void anIncrementalImportedAloneNamesItsParent() {
    DataDir target = DataDir.at(dir.resolve("target"));
    CairnException e = (CairnException) catchThrowable(() -> SnapshotImporter.run(
        new SnapshotImporter.Request(target, chain.resolve("snap-2").toString(),
            Optional.empty(), true, false), Progress.NONE));
    assertThat(e.error().name()).isEqualTo("Missing_parent");
    assertThat(target.root()).doesNotExist();
  }

  @Test
  void anExportAgainstABlockNotBelowIsRefused() {
    CairnException e = (CairnException) catchThrowable(() -> export(chain.resolve("bad"),
        Optional.of(manifest(2)), BlockId.parse("head~10"), false));
    assertThat(e.error().name()).isEqualTo("Invalid_export_block");
    assertThat(e.error().details()).startsWith("parent_not_ancestor: ");
    assertThat(chain.resolve("bad")).doesNotExist();
  }

  @Test
  void anExportOfAnotherModeThanItsParentIsRefused() {
    CairnException e = (CairnException) catchThrowable(() -> export(chain.resolve("bad"),
        Optional.of(manifest(2)), BlockId.DEFAULT, true));
    assertThat(e.error().name() + ": " + e.error().details())
        .startsWith("Inconsistent_parent: chain: ");
  }

  private static SnapshotManifest withParent(SnapshotManifest m, ParentLink parent) {
    return new SnapshotManifest(m.chainName(), m.mode(), m.block(), m.level(), m.timestamp(),
        m.layout(), m.snapshotName(), m.size(), m.sha256(), m.parts(), m.files(),
        m.cairnVersion(), Optional.of(parent));
  }

  private SignedManifest replaceManifest(int step, SignedManifest from,
      UnaryOperator<SnapshotManifest> change) {
    SignedManifest changed = SignedManifest.unsigned(change.apply(from.manifest()));
    try {
      Files.write(manifest(step), changed.encode());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return changed;
  }

  private static List<byte[]> frames(Path dump) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(dump));
    long count = in.getLong();
    List<byte[]> objects = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      byte[] object = new byte[in.getInt()];
      in.get(object);
      objects.add(object);
    }
    return objects;
  }

  /** Writes {@code objects} as snap-2's context, and its manifest's entry to match. */
  private void rewriteContext(List<byte[]> objects) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(objects.size());
      for (byte[] object : objects) {
        out.writeInt(object.length);
        out.write(object);
      }
    }
    rewriteMember("context", bytes.toByteArray());
  }

  /** Writes {@code bytes} as snap-2's member {@code name}, and its manifest's entry to match. */
  private void rewriteMember(String name, byte[] bytes) throws IOException {
    Files.write(chain.resolve("snap-2").resolve(name), bytes);
    MessageDigest digester = Sha256.digester();
    digester.update(bytes);
    Sha256 digest = Sha256.of(digester);
    replaceManifest(2, ManifestFiles.read(manifest(2)), m -> {
      List<SnapshotManifest.Entry> files = new ArrayList<>();
      long size = 0;
      for (SnapshotManifest.Entry file : m.files()) {
        SnapshotManifest.Entry kept = file.name().equals(name)
            ? new SnapshotManifest.Entry(name, bytes.length, digest) : file;
        files.add(kept);
        size += kept.size();
      }
      return new SnapshotManifest(m.chainName(), m.mode(), m.block(), m.level(),
          m.timestamp(), m.layout(), m.snapshotName(), size, m.sha256(), m.parts(), files,
          m.cairnVersion(), m.parent());
    });
  }

  @Test
  void aSquashChecksWhatItWritesAsAnImportWould() throws IOException {
    byte[] floating = Files.readAllBytes(chain.resolve("snap-2").resolve("floating_blocks"));
    floating[floating.length - 1] ^= 0x01; // B−1's receipts, which block_data binds
    rewriteMember("floating_blocks", floating);
    Path out = dir.resolve("squashed");
    CairnException e = (CairnException) catchThrowable(() -> SnapshotSquasher.squash(
        new SnapshotSquasher.Request(manifest(2), List.of(), TrustPolicy.NONE,
            ExportFormat.TAR, false, out, OptionalLong.empty(), "test", Optional.empty()),
        Progress.NONE));
    assertThat(e).as("a typed error").isNotNull();
    assertThat(out).doesNotExist();
    assertThat(ManifestFiles.manifestOf(out)).doesNotExist();
    assertThat(DataDir.exportStagingDir(out)).doesNotExist();
  }
}
