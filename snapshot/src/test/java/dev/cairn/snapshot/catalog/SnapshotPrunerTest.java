package dev.cairn.snapshot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.ParentLink;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a prune may remove: only the files a manifest's own name owns, never a file a kept
 * snapshot names, never what a link points to; and every parent a kept snapshot needs stays.
 * The manifests here name snapshots that are not real ones (their first members do not read):
 * the catalog lists them with that problem, and prune judges them by their manifests.
 */
class SnapshotPrunerTest {

  @TempDir
  Path dir;

  private static final BlockHash BLOCK =
      BlockHash.parse("BLWHKssZeknFKk9XnaRUohR87SvACiu8854wXH6BhFGpnH8M9xQ");

  private SignedManifest manifest(String manifestName, String snapshot, int level,
      Optional<ParentLink> parent, int daysOld) throws IOException {
    MessageDigest digester = Sha256.digester();
    SignedManifest signed = SignedManifest.unsigned(new SnapshotManifest("CAIRN_TESTNET", "full",
        BLOCK, level, Instant.EPOCH, Layout.TAR, snapshot, 3, Optional.of(Sha256.of(digester)),
        List.of(), List.of(), "test", parent));
    Path path = dir.resolve(manifestName);
    Files.write(path, signed.encode());
    Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(Duration.ofDays(daysOld))));
    return signed;
  }

  private void file(String name) throws IOException {
    Files.writeString(dir.resolve(name), "abc");
  }

  private SnapshotPruner.Plan prune(int keep) {
    SnapshotPruner.Plan plan = SnapshotPruner.plan(SnapshotCatalog.list(dir), keep,
        Optional.empty(), Instant.now());
    SnapshotPruner.apply(plan);
    return plan;
  }

  @Test
  void aManifestNamingAnotherSnapshotRemovesOnlyItself() throws IOException {
    file("kept.tar");
    manifest("kept.tar.manifest.json", "kept.tar", 10, Optional.empty(), 0);
    manifest("evil.manifest.json", "kept.tar", 5, Optional.empty(), 9_000);
    SnapshotPruner.Plan plan = prune(1);
    assertThat(plan.removed()).extracting(e -> e.manifestPath().getFileName().toString())
        .containsExactly("evil.manifest.json");
    assertThat(plan.removed().get(0).problem()).isPresent();
    assertThat(dir.resolve("kept.tar")).exists();
    assertThat(dir.resolve("kept.tar.manifest.json")).exists();
    assertThat(dir.resolve("evil.manifest.json")).doesNotExist();
  }

  @Test
  void aSnapshotThatIsALinkIsRemovedAsALinkOnly(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("precious"), "keep me");
    Path pub = Files.createDirectories(dir.resolve("pub"));
    Files.createSymbolicLink(pub.resolve("old.tar"), outside);
    dir = pub;
    manifest("old.tar.manifest.json", "old.tar", 5, Optional.empty(), 3);
    prune(0);
    assertThat(pub.resolve("old.tar")).doesNotExist();
    assertThat(outside.resolve("precious")).hasContent("keep me");
  }

  @Test
  void theParentsOfAKeptSnapshotStayWhateverTheirAge() throws IOException {
    file("base.tar");
    SignedManifest base = manifest("base.tar.manifest.json", "base.tar", 5, Optional.empty(),
        400);
    file("inc.tar");
    SignedManifest inc = manifest("inc.tar.manifest.json", "inc.tar", 8, Optional.of(
        ParentLink.to(base, "base.tar.manifest.json")), 300);
    file("inc2.tar");
    manifest("inc2.tar.manifest.json", "inc2.tar", 12, Optional.of(
        ParentLink.to(inc, "inc.tar.manifest.json")), 1);
    file("other.tar");
    manifest("other.tar.manifest.json", "other.tar", 7, Optional.empty(), 200);
    SnapshotPruner.Plan plan = SnapshotPruner.plan(SnapshotCatalog.list(dir), 1,
        Optional.of(Duration.ofDays(30)), Instant.now());
    assertThat(plan.kept()).extracting(e -> e.manifestPath().getFileName().toString())
        .containsExactly("inc2.tar.manifest.json", "inc.tar.manifest.json",
            "base.tar.manifest.json");
    assertThat(plan.removed()).extracting(e -> e.manifestPath().getFileName().toString())
        .containsExactly("other.tar.manifest.json");
    assertThat(plan.bytesFreed()).isEqualTo(Files.size(dir.resolve("other.tar"))
        + Files.size(dir.resolve("other.tar.manifest.json")));
  }

  @Test
  void aDirectoryATarManifestClaimsByNameIsNotRemoved() throws IOException {
    Path precious = Files.createDirectories(dir.resolve("precious").resolve("sub"));
    Files.writeString(precious.resolve("notes.txt"), "keep me");
    manifest("precious.manifest.json", "precious", 5, Optional.empty(), 400);
    SnapshotPruner.Plan plan = prune(0);
    assertThat(plan.removed()).hasSize(1);
    assertThat(plan.removed().get(0).problem()).isPresent();
    assertThat(precious.resolve("notes.txt")).hasContent("keep me");
    assertThat(dir.resolve("precious.manifest.json")).doesNotExist();
  }

  @Test
  void aParentSignedLaterIsNotTakenForTheNewestSnapshot() throws IOException {
    file("base.tar");
    SignedManifest base = manifest("base.tar.manifest.json", "base.tar", 5, Optional.empty(),
        0);
    file("inc.tar");
    manifest("inc.tar.manifest.json", "inc.tar", 8, Optional.of(
        ParentLink.to(base, "base.tar.manifest.json")), 3);
    SnapshotPruner.Plan plan = SnapshotPruner.plan(SnapshotCatalog.list(dir), 1,
        Optional.empty(), Instant.now());
    assertThat(plan.kept()).extracting(e -> e.manifestPath().getFileName().toString())
        .containsExactly("inc.tar.manifest.json", "base.tar.manifest.json");
    assertThat(plan.removed()).isEmpty();
  }
}
