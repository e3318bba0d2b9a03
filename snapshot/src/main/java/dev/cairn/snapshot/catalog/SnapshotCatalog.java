package dev.cairn.snapshot.catalog;

import dev.cairn.error.CairnException;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.SnapshotInfo;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.ParentLink;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.store.hash.PublicKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The snapshots in one directory, as {@code snapshot list} shows them and {@code snapshot prune}
 * thins them (DESIGN §16): one entry per manifest ({@code *.manifest.json}), described from the
 * manifest and its snapshot's first members only ({@link SnapshotInfo}), with the files it owns
 * beside it (the snapshot file, its Raw directory or its parts) and their size on disk. A
 * manifest that does not read is not an entry; a snapshot whose first members do not read is
 * one, with the problem said. Entries are ordered newest first: by level (a child is always above
 * its parent), then by the manifest's time of writing.
 */
public final class SnapshotCatalog {

  /**
   * One snapshot of the directory: a few fields of its manifest (a manifest may be 16 MiB; an
   * entry is small), with the digest of its signed bytes, by which its children name it.
   *
   * @param metadata its {@code metadata.json}, if its first members read
   * @param problem why they did not, or why its files are not its own, if so
   * @param written when its manifest was written (the export's end)
   * @param files the files it owns beside the manifest that exist, the manifest first: its
   *     snapshot and parts only if the manifest is named after them ({@code FILE.manifest.json}
   *     beside {@code FILE}), as an export names it
   * @param bytes their size on disk
   */
  public record Entry(Path manifestPath, SnapshotManifest.Summary described, Sha256 digest,
      List<PublicKey> signers, Optional<SnapshotMetadata> metadata, Optional<String> problem,
      Instant written, List<Path> files, long bytes) {

    /** Whether {@code parent} is this entry's manifest. */
    public boolean isNamedBy(ParentLink parent) {
      return digest.equals(parent.manifestSha256());
    }
  }

  private SnapshotCatalog() {}

  /** Every snapshot in {@code dir}, newest first. */
  public static List<Entry> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SnapshotError.SnapshotFileNotFound(dir + " (not a directory)").toException();
    }
    List<Path> manifests;
    try (Stream<Path> files = Files.list(dir)) {
      manifests = files.filter(file -> file.getFileName().toString()
          .endsWith(SnapshotManifest.FILE_SUFFIX)
          && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(dir, "list", e);
    } catch (UncheckedIOException e) {
      throw SnapshotError.SnapshotIoFailure.of(dir, "list", e.getCause());
    }
    List<Entry> entries = new ArrayList<>();
    for (Path manifest : manifests) {
      entryOf(manifest).ifPresent(entries::add);
    }
    entries.sort(Comparator.comparing((Entry e) -> e.described().level())
        .thenComparing(Entry::written).reversed());
    return entries;
  }

  private static Optional<Entry> entryOf(Path path) {
    SignedManifest signed;
    Instant written;
    try {
      signed = ManifestFiles.read(path);
      written = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
    } catch (CairnException | IOException e) {
      return Optional.empty(); // not a manifest: not ours to show or delete
    }
    Optional<SnapshotMetadata> metadata = Optional.empty();
    Optional<String> problem = Optional.empty();
    try {
      metadata = Optional.of(SnapshotInfo.read(path.toString(), TrustPolicy.SHOWN_ONLY)
          .metadata());
    } catch (CairnException e) {
      problem = Optional.of(e.error().name() + ": " + e.error().details());
    }
    List<Path> files = new ArrayList<>();
    files.add(path);
    SnapshotManifest manifest = signed.manifest();
    String own = path.getFileName().toString();
    if (!own.equals(manifest.snapshotName() + SnapshotManifest.FILE_SUFFIX)) {
      problem = Optional.of("it names " + manifest.snapshotName() + ", not the snapshot its own "
          + "name says: only the manifest is this entry's");
    } else if (manifest.split()) {
      for (SnapshotManifest.Entry part : manifest.parts()) {
        files.add(ManifestFiles.beside(path, part.name()));
      }
    } else {
      files.add(ManifestFiles.beside(path, manifest.snapshotName()));
    }
    List<Path> present = new ArrayList<>();
    for (Path file : files) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (file.equals(path) || ownedAs(file, manifest)) {
        present.add(file);
      } else {
        problem = Optional.of(file.getFileName() + " is not what the manifest describes (a "
            + manifest.layout() + " snapshot): it is not this entry's to remove");
      }
    }
    long bytes = present.stream().mapToLong(SnapshotCatalog::sizeOf).sum();
    List<PublicKey> signers = signed.signatures().stream()
        .map(SignedManifest.ManifestSignature::key).toList();
    return Optional.of(new Entry(path, manifest.summary(), ParentLink.digestOf(signed), signers,
        metadata, problem, written, present, bytes));
  }

  /**
   * Whether {@code file} is what {@code manifest} says its snapshot is: a link (removed as a
   * link), or for a tar a plain file, for a Raw snapshot a directory holding only the member
   * files the manifest lists (and their directories).
   */
  private static boolean ownedAs(Path file, SnapshotManifest manifest) {
    if (Files.isSymbolicLink(file)) {
      return true;
    }
    if (manifest.layout() != Layout.RAW) {
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }
    if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Set<String> members = new HashSet<>();
    manifest.files().forEach(member -> members.add(member.name()));
    try (Stream<Path> tree = Files.walk(file)) {
      return tree.allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
          || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
              && members.contains(file.relativize(p).toString()));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** The size on disk of a file, or of a Raw snapshot's directory and everything in it. */
  static long sizeOf(Path path) {
    try (Stream<Path> tree = Files.walk(path)) {
      return tree.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

}
