package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.validator.crypto.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §14: signed manifests. With trusted keys, a snapshot without enough valid signatures by
 * them is refused before anything is written; a signature that does not verify is refused
 * whoever made it.
 */
class TrustTest {

  static final SigningKey PUBLISHER = SigningKey.generate(new SecureRandom());
  static final SigningKey SECOND = SigningKey.generate(new SecureRandom());
  static final SigningKey STRANGER = SigningKey.generate(new SecureRandom());

  @TempDir
  static Path shared;

  static DataDir source;
  static Path signed;
  static Path other;

  @TempDir
  Path dir;

  @BeforeAll
  static void snapshots() throws IOException {
    source = TestChains.generate(shared.resolve("source"), 30, "full:1");
    signed = export("signed", "s.tar", Optional.of(PUBLISHER), 0);
    other = export("other", "s.tar", Optional.of(PUBLISHER), 1);
  }

  private static Path export(String directory, String name, Optional<SigningKey> key, int back)
      throws IOException {
    Path out = Files.createDirectories(shared.resolve(directory));
    return SnapshotExporter.export(new SnapshotExporter.Request(source,
        BlockId.parse(back == 0 ? "head" : "head~" + back), false, ExportFormat.TAR, false,
        Optional.of(out.resolve(name)), OptionalLong.empty(), "test", key), Progress.NONE)
        .manifest();
  }

  private Path copy(Path manifest) throws IOException {
    Path into = Files.createTempDirectory(dir, "copy");
    for (Path file : List.of(manifest, manifest.resolveSibling("s.tar"))) {
      Files.copy(file, into.resolve(file.getFileName().toString()));
    }
    return into.resolve(manifest.getFileName().toString());
  }

  private static TrustPolicy trusting(int min, SigningKey... keys) {
    return TrustPolicy.of(Stream.of(keys).map(SigningKey::publicKey).toList(),
        Optional.of(min));
  }

  private SnapshotImporter.Result importWith(Path snapshot, TrustPolicy trust) {
    return SnapshotImporter.run(new SnapshotImporter.Request(DataDir.at(dir.resolve("node")),
        snapshot.toString(), Optional.empty(), true, false, Optional.empty(), trust),
        Progress.NONE);
  }

  private void assertRefused(Path snapshot, TrustPolicy trust, String name, String details) {
    List<String> before = list(dir);
    assertThatThrownBy(() -> importWith(snapshot, trust))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).as(e.getMessage()).isEqualTo(name);
          assertThat(e.error().details()).contains(details);
        });
    assertThat(list(dir)).as("nothing written, not even a staging directory").isEqualTo(before);
  }

  @Test
  void aSnapshotSignedByATrustedKeyImports() {
    SnapshotImporter.Result result = importWith(signed, trusting(1, PUBLISHER, STRANGER));
    assertThat(result.manifest().orElseThrow().signatures()).extracting(s -> s.key())
        .containsExactly(PUBLISHER.publicKey());
  }

  @Test
  void withoutEnoughTrustedSignaturesNothingIsWritten() throws IOException {
    assertRefused(signed, trusting(1, STRANGER), "Untrusted_snapshot",
        "signed by 0 of the 1 trusted keys, 1 needed (1 signature by keys not trusted)");
    assertRefused(signed, trusting(2, PUBLISHER, SECOND), "Untrusted_snapshot",
        "signed by 1 of the 2 trusted keys, 2 needed");
    assertRefused(signed.resolveSibling("s.tar"), trusting(1, PUBLISHER), "Untrusted_snapshot",
        "it has no manifest");
    Path twice = copy(signed);
    ManifestFiles.addSignature(twice, SECOND);
    assertThat(importWith(twice, trusting(2, PUBLISHER, SECOND)).markers()).isNotNull();
  }

  @Test
  void aSignatureThatDoesNotVerifyIsRefusedWhoeverMadeIt() throws IOException {
    Path changed = copy(signed);
    String text = Files.readString(changed);
    Files.writeString(changed, text.replace("\"cairn_version\": \"test\"",
        "\"cairn_version\": \"tesT\""));
    assertRefused(changed, TrustPolicy.NONE, "Invalid_signature", PUBLISHER.publicKey()
        .toString());
    assertRefused(changed, trusting(1, PUBLISHER), "Invalid_signature", "does not verify");
    // A valid signature of one manifest copied onto another.
    Path copied = copy(other);
    String signature = signatureLine(Files.readString(signed));
    String otherText = Files.readString(copied);
    Files.writeString(copied, otherText.replace(signatureLine(otherText), signature));
    assertThat(Files.readString(copied)).contains(signature);
    assertRefused(copied, trusting(1, PUBLISHER), "Invalid_signature", "does not verify");
  }

  @Test
  void signingKeepsTheSignedBytesAndRefusesAManifestWhoseSignaturesDoNotVerify()
      throws IOException {
    Path manifest = copy(signed);
    SignedManifest before = ManifestFiles.read(manifest);
    SignedManifest after = ManifestFiles.addSignature(manifest, SECOND);
    assertThat(after.signed()).isEqualTo(before.signed());
    assertThat(ManifestFiles.read(manifest).signatures()).extracting(s -> s.key())
        .containsExactly(PUBLISHER.publicKey(), SECOND.publicKey());
    ManifestFiles.addSignature(manifest, SECOND); // again: in place, not twice
    assertThat(ManifestFiles.read(manifest).signatures()).hasSize(2);
    Path changed = copy(signed);
    Files.writeString(changed, Files.readString(changed).replace("\"level\": ", "\"level\":"));
    byte[] bytes = Files.readAllBytes(changed);
    assertThatThrownBy(() -> ManifestFiles.addSignature(changed, SECOND))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().name()).isEqualTo("Invalid_signature"));
    assertThat(Files.readAllBytes(changed)).isEqualTo(bytes);
  }

  @Test
  void aPolicyAsksForNoMoreSignaturesThanTrustedKeys() {
    List<PublicKey> one = List.of(PUBLISHER.publicKey());
    assertThatThrownBy(() -> TrustPolicy.of(one, Optional.of(2)))
        .hasMessageContaining("from 1 to the number of trusted keys (1), not 2");
    assertThatThrownBy(() -> TrustPolicy.of(one, Optional.of(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TrustPolicy.of(one, Optional.empty()).minSignatures()).isEqualTo(1);
  }

  private static String signatureLine(String manifest) {
    return manifest.lines().filter(line -> line.contains("\"signature\"")).findFirst()
        .orElseThrow();
  }

  private static List<String> list(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.map(path -> root.relativize(path).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
