package dev.cairn.snapshot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.HashKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest file: what is signed is exactly the bytes of its signed object, read strictly. */
class SignedManifestTest {

  static Sha256 digest(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new Sha256(Bytes.copyOf(bytes));
  }

  static BlockHash block(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return BlockHash.parse(HashKind.BLOCK.encode(Bytes.copyOf(bytes)));
  }

  /** A manifest of each shape, from {@code seed}: tar, tar+zstd split in parts, or raw. */
  static SnapshotManifest generated(long seed) {
    Random random = new Random(seed);
    BlockHash block = block(random);
    String name = "CAIRN_TESTNET-" + seed + ".full";
    Layout layout = Layout.values()[random.nextInt(Layout.values().length)];
    List<SnapshotManifest.Entry> parts = new ArrayList<>();
    List<SnapshotManifest.Entry> files = new ArrayList<>();
    long size = 1 + random.nextInt(1 << 20);
    if (layout == Layout.RAW) {
      size = 0;
      for (String member : List.of("snapshot_version.json", "metadata.json", "context",
          "cemented/0_7")) {
        long bytes = random.nextInt(5000);
        files.add(new SnapshotManifest.Entry(member, bytes, digest(random)));
        size += bytes;
      }
    } else if (random.nextBoolean()) {
      size = 0;
      for (int i = 0; i < 1 + random.nextInt(5); i++) {
        long bytes = 1 + random.nextInt(1 << 16);
        parts.add(new SnapshotManifest.Entry(SnapshotManifest.partName(name, block, i), bytes,
            digest(random)));
        size += bytes;
      }
    }
    return new SnapshotManifest("CAIRN_TESTNET", SnapshotManifest.l1Mode(random.nextBoolean()), block,
        1 + random.nextInt(1_000_000), Instant.ofEpochSecond(random.nextInt(2_000_000_000)),
        layout, name, size, layout == Layout.RAW ? Optional.empty() : Optional.of(digest(random)),
        parts, files, "0.1.0", random.nextInt(3) == 0 ? Optional.of(new ParentLink(block,
            1 + random.nextInt(1000), "parent-" + random.nextInt(100) + ".manifest.json",
            digest(random))) : Optional.empty());
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void whatIsWrittenReadsBackAndTheSignedBytesAreTheSignedObjectsOwn(long seed) {
    SnapshotManifest manifest = generated(seed);
    SignedManifest file = SignedManifest.unsigned(manifest);
    SignedManifest read = SignedManifest.decode(file.encode(), "m");
    assertThat(read.manifest()).as("seed %d", seed).isEqualTo(manifest);
    assertThat(read.signed()).isEqualTo(Bytes.copyOf(manifest.encode()));
    assertThat(read.signatures()).isEmpty();
  }

  @Test
  void theSignedBytesAreFoundWhereverTheyStand() {
    SnapshotManifest manifest = generated(3);
    String signed = new String(manifest.encode(), StandardCharsets.UTF_8);
    String file = "  {\"signatures\" :[ ],\r\n\t\"signed\":" + signed + "   }\n\n";
    SignedManifest read = SignedManifest.decode(file.getBytes(StandardCharsets.UTF_8), "m");
    assertThat(read.signed()).isEqualTo(Bytes.copyOf(manifest.encode()));
    assertThat(read.manifest()).isEqualTo(manifest);
  }

  private static void refused(String file, String reason) {
    assertThatThrownBy(() -> SignedManifest.decode(file.getBytes(StandardCharsets.UTF_8), "m"))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Invalid_manifest");
          assertThat(e.error().details()).startsWith("m: ").contains(reason);
        });
  }

  @Test
  void anythingButWhatCairnWritesIsRefused() {
    String signed = new String(generated(1).encode(), StandardCharsets.UTF_8);
    refused("{\"signed\": " + signed + ", \"signed\": " + signed + ", \"signatures\": []}",
        "appears twice");
    refused("{\"signed\": " + signed + "}", "no \"signatures\"");
    refused("{\"signatures\": []}", "no \"signed\"");
    refused("{\"signed\": " + signed + ", \"signatures\": [], \"x\": 1}", "unknown field");
    refused("{\"signed\": " + signed + ", \"signatures\": []} {}", "more data");
    refused("{\"signed\": \"text\", \"signatures\": []}", "\"signed\" is not an object");
    refused("[]", "not a JSON object");
    refused("{\"signed\": " + signed.replace("\"cairn_version\"", "\"extra\": 1, \"cairn_version\"")
        + ", \"signatures\": []}", "unknown field \"extra\"");
    refused("{\"signed\": " + signed.replace("\"version\": 1", "\"version\": 2")
        + ", \"signatures\": []}", "manifest version 2");
    refused("{\"signed\": " + signed + ", \"signatures\": [{\"public_key\": \"edpk\", "
        + "\"signature\": \"edsig\"}]}", "");
    String whole = new String(SignedManifest.unsigned(generated(2)).encode(),
        StandardCharsets.UTF_8);
    for (java.nio.charset.Charset wide : List.of(StandardCharsets.UTF_16BE,
        StandardCharsets.UTF_16LE, java.nio.charset.Charset.forName("UTF-32BE"))) {
      assertThatThrownBy(() -> SignedManifest.decode(whole.getBytes(wide), "m"))
          .as("%s", wide).isInstanceOfSatisfying(CairnException.class,
              e -> assertThat(e.error().name()).isEqualTo("Invalid_manifest"));
    }
    byte[] large = new byte[SignedManifest.MAX_BYTES + 1];
    java.util.Arrays.fill(large, (byte) ' ');
    assertThatThrownBy(() -> SignedManifest.decode(large, "m"))
        .hasMessageContaining("more than the " + SignedManifest.MAX_BYTES);
  }

  @ParameterizedTest(name = "name ''{0}''")
  @ValueSource(strings = {"../etc/passwd", "/abs", "a/b", "..", ".", "", "a\\u0000b", "x\\\\y"})
  void aSnapshotOrPartNameThatIsNotAPlainNameIsRefused(String name) {
    SnapshotManifest manifest = generated(1);
    String signed = new String(manifest.encode(), StandardCharsets.UTF_8)
        .replace("\"" + manifest.snapshotName() + "\"", "\"" + name + "\"");
    refused("{\"signed\": " + signed + ", \"signatures\": []}", "not a plain file name");
  }

  @Test
  void partsMustBeThisSnapshotsInOrderAndAddUpToItsSize() {
    SnapshotManifest split = null;
    for (long seed = 1; split == null || !split.split(); seed++) {
      split = generated(seed);
    }
    String signed = new String(split.encode(), StandardCharsets.UTF_8);
    refused("{\"signed\": " + signed.replace("part-00000", "part-00009")
        + ", \"signatures\": []}", "part 0 is not named");
    refused("{\"signed\": " + signed.replace("\"size\": " + split.size(), "\"size\": "
        + (split.size() + 1)) + ", \"signatures\": []}", "not the " + (split.size() + 1));
  }
}
