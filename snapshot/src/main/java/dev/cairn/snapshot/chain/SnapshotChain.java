package dev.cairn.snapshot.chain;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.SnapshotError.ParentFault;
import dev.cairn.snapshot.format.ParentLink;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.store.hash.BlockHash;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An incremental snapshot's chain, from its base up to it (DESIGN §16), resolved from manifests
 * and checked link by link before any snapshot is read: a parent's manifest is one given apart
 * ({@code --parent}) whose signed bytes have the digest the child recorded, or else the one the
 * child names, beside it or beside the tip. Each link is checked in this order, each failure {@code
 * Inconsistent_parent} with its fault: a manifest met twice ({@code cycle}); a parent not below
 * its child ({@code order}); a parent of another chain or mode ({@code chain}); a parent of
 * another block than the one recorded, another base ({@code block}); a parent whose manifest's
 * digest is not the recorded one ({@code digest}). No manifest to be found is {@code
 * Missing_parent}. Every manifest must satisfy the trust policy, as a single snapshot's does.
 *
 * <p>Only a few fields of each manifest are kept (a manifest may be 16 MiB), with the digest of
 * its signed bytes: {@link #reread} reads a manifest again when its snapshot is read, and
 * refuses one that changed meanwhile.
 *
 * @param links base first, the snapshot asked for last
 * @param trust the policy every manifest of the chain was held to, and is again when re-read
 */
public record SnapshotChain(List<Link> links, TrustPolicy trust) {

  /** The most snapshots a chain may hold. */
  public static final int MAX_LENGTH = 1_000;

  /**
   * One snapshot of the chain: where its manifest is, the digest of its signed bytes, and the
   * block, level and parent it names.
   */
  public record Link(Path manifestPath, Sha256 digest, BlockHash block, int level,
      Optional<ParentLink> parent) {

    static Link of(Path path, SignedManifest manifest) {
      SnapshotManifest described = manifest.manifest();
      return new Link(path, ParentLink.digestOf(manifest), described.block(), described.level(),
          described.parent());
    }
  }

  public SnapshotChain {
    links = List.copyOf(links);
  }

  /**
   * The manifest of {@code link}, read again: {@code Inconsistent_parent} ({@code digest}) if
   * its signed bytes are not those the chain was resolved with, and held to the trust policy
   * again (signatures may have been swapped).
   */
  public SignedManifest reread(Link link) {
    SignedManifest manifest = ManifestFiles.read(link.manifestPath());
    if (!ParentLink.digestOf(manifest).equals(link.digest())) {
      throw new SnapshotError.InconsistentParent(link.manifestPath().toString(),
          ParentFault.DIGEST, "the manifest changed after its chain was checked").toException();
    }
    trust.check(link.manifestPath().toString(), Optional.of(manifest));
    return manifest;
  }

  public Link base() {
    return links.get(0);
  }

  public Link tip() {
    return links.get(links.size() - 1);
  }

  /**
   * Whether the file at {@code source} is the manifest of an incremental snapshot: the entry to
   * an import of a chain.
   */
  public static boolean isIncrementalManifest(String source) {
    Path path;
    try {
      path = Path.of(source);
    } catch (RuntimeException e) {
      return false;
    }
    if (!source.endsWith(SnapshotManifest.FILE_SUFFIX)
        || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    return ManifestFiles.read(path).manifest().parent().isPresent();
  }

  /**
   * Follows the parents of the snapshot whose manifest is {@code tip} down to a base, looking
   * for each parent's manifest among {@code given} first, then beside its child's.
   */
  public static SnapshotChain resolve(Path tip, List<Path> given, TrustPolicy trust) {
    List<Link> links = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    Path path = tip.toAbsolutePath().normalize();
    SignedManifest manifest = ManifestFiles.read(path);
    trust.check(path.toString(), Optional.of(manifest));
    seen.add(real(path));
    links.add(Link.of(path, manifest));
    while (manifest.manifest().parent().isPresent()) {
      if (links.size() >= MAX_LENGTH) {
        throw new SnapshotError.InconsistentParent(path.toString(), ParentFault.ORDER,
            "a chain of more than " + MAX_LENGTH + " snapshots").toException();
      }
      ParentLink parent = manifest.manifest().parent().get();
      Path parentPath = find(path, parent, given, links.get(0).manifestPath());
      SnapshotManifest child = manifest.manifest();
      manifest = null; // one manifest held at a time
      SignedManifest parentManifest = ManifestFiles.read(parentPath);
      check(path, child, parent, parentPath, parentManifest, seen);
      trust.check(parentPath.toString(), Optional.of(parentManifest));
      path = parentPath;
      manifest = parentManifest;
      links.add(Link.of(path, manifest));
    }
    Collections.reverse(links);
    return new SnapshotChain(links, trust);
  }

  private static void check(Path childPath, SnapshotManifest child, ParentLink link,
      Path parentPath, SignedManifest parentSigned, Set<Path> seen) {
    SnapshotManifest parent = parentSigned.manifest();
    String shown = childPath.toString();
    if (!seen.add(real(parentPath))) {
      throw new SnapshotError.InconsistentParent(shown, ParentFault.CYCLE, "its parent "
          + parentPath + " is already in the chain below it").toException();
    }
    if (parent.level() >= child.level()) {
      throw new SnapshotError.InconsistentParent(shown, ParentFault.ORDER, "its parent "
          + parentPath + " is of level " + parent.level() + ", not below its own "
          + child.level()).toException();
    }
    if (!parent.chainName().equals(child.chainName()) || parent.rolling() != child.rolling()) {
      throw new SnapshotError.InconsistentParent(shown, ParentFault.CHAIN, "its parent "
          + parentPath + " is a " + parent.mode() + " snapshot of " + parent.chainName()
          + ", it a " + child.mode() + " one of " + child.chainName()).toException();
    }
    if (!parent.block().equals(link.block()) || parent.level() != link.level()) {
      throw new SnapshotError.InconsistentParent(shown, ParentFault.BLOCK, "it was made "
          + "against " + link.block() + " at level " + link.level() + ", but " + parentPath
          + " is a snapshot of " + parent.block() + " at level " + parent.level())
          .toException();
    }
    if (!ParentLink.digestOf(parentSigned).equals(link.manifestSha256())) {
      throw new SnapshotError.InconsistentParent(shown, ParentFault.DIGEST, "the manifest "
          + parentPath + " is not the one it was made against (SHA-256 "
          + ParentLink.digestOf(parentSigned).toHex() + ", recorded "
          + link.manifestSha256().toHex() + ")").toException();
    }
  }

  /**
   * The parent's manifest: a given one of the recorded digest, else the one named beside the
   * child, else the one named beside the tip (where the chain was published).
   */
  private static Path find(Path child, ParentLink link, List<Path> given, Path tip) {
    for (Path candidate : given) {
      Path absolute = candidate.toAbsolutePath().normalize();
      if (ParentLink.digestOf(ManifestFiles.read(absolute)).equals(link.manifestSha256())) {
        return absolute;
      }
    }
    Path beside = ManifestFiles.beside(child, link.manifestName());
    Path besideTip = ManifestFiles.beside(tip, link.manifestName());
    if (!Files.exists(beside, LinkOption.NOFOLLOW_LINKS)
        && Files.exists(besideTip, LinkOption.NOFOLLOW_LINKS)) {
      return besideTip;
    }
    if (!Files.exists(beside, LinkOption.NOFOLLOW_LINKS)) {
      throw new SnapshotError.MissingParent(child.toString(), link.block(), beside
          + (given.isEmpty() ? "" : " nor among the " + given.size() + " given with --parent"))
          .toException();
    }
    return beside;
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (java.io.IOException e) {
      return path;
    }
  }
}
