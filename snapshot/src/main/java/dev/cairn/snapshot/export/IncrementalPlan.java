package dev.cairn.snapshot.export;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.SnapshotError.ExportRefusal;
import dev.cairn.snapshot.SnapshotInfo;
import dev.cairn.snapshot.format.ParentLink;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.io.ManifestFiles;
import dev.cairn.store.BlockView;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.store.hash.BlockHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an incremental export of B1 against a parent snapshot of B0 leaves out (DESIGN §16): what
 * the parent's chain already holds. The parent is read from its manifest and its snapshot's
 * {@code metadata.json} (the first members only); the rest comes from this node's store.
 *
 * <p>The chain below the parent holds every block from its lowest level up to B0−1 (Full: the
 * cemented files up to {@code parentCementedThrough}, then floating blocks), so the incremental
 * carries the direct export's blocks from B0 up (B0 itself is only in the parent's {@code
 * block_data}), any the parent's window does not reach down to (Rolling), the cemented files
 * above the parent's, and the protocol files the parent's table does not name. The context is
 * the delta of B1−1's commit against B0−1's ({@link #parentContext}).
 *
 * @param parent the link the incremental records
 * @param parentManifest where the parent's manifest is, for a context read from its chain
 * @param parentContext B0−1's commit
 * @param parentLowest the lowest level the parent's chain holds
 * @param parentCementedThrough the highest level its cemented files reach, 0 if none
 * @param cementedThrough the same for the chain once this incremental is applied
 * @param floating the floating blocks carried, one run ending at B1−1: Full, from B0 or from
 *     above the cemented files; Rolling, from B0, or from B1's window if it reaches below the
 *     parent's
 */
public record IncrementalPlan(ParentLink parent, Path parentManifest, ContextHash parentContext,
    int parentLowest, int parentCementedThrough, int cementedThrough,
    Set<ProtocolHash> parentProtocols, List<BlockHash> floating) {

  /**
   * The plan of an incremental export of {@code plan}'s block against the snapshot whose
   * manifest is at {@code manifestPath}; {@code Invalid_export_block} ({@code
   * parent_not_ancestor}) if the parent's block is not below B1 on its branch here, {@code
   * Inconsistent_parent} ({@code chain}) if it is of another chain or mode.
   */
  public static IncrementalPlan make(BlockView store, ExportPlan plan, Path manifestPath) {
    Path path = manifestPath.toAbsolutePath().normalize();
    SignedManifest signed = ManifestFiles.read(path);
    SnapshotMetadata parent = SnapshotInfo.read(path.toString(), TrustPolicy.SHOWN_ONLY)
        .metadata();
    String name = plan.block().hash() + " at level " + plan.block().level();
    if (!parent.chainName().equals(store.config().chainName())
        || parent.rolling() != plan.rolling()) {
      throw new SnapshotError.InconsistentParent(name, SnapshotError.ParentFault.CHAIN,
          "its parent " + path + " is a " + parent.mode() + " snapshot of " + parent.chainName()
              + ", not a " + (plan.rolling() ? "rolling" : "full") + " one of "
              + store.config().chainName()).toException();
    }
    int b0 = parent.level();
    if (b0 >= plan.block().level()) {
      throw notAncestor(name, parent, "is not below it");
    }
    int parentCemented = parent.incremental().map(SnapshotMetadata.Incremental::cementedThrough)
        .orElse(parent.rolling() ? 0 : b0 - 1 - parent.floatingBlocks());
    int cemented = plan.cemented().isEmpty() ? 0
        : plan.cemented().get(plan.cemented().size() - 1).end();
    boolean lined = parentCemented == 0 || plan.cemented().stream()
        .anyMatch(file -> file.end() == parentCemented);
    if (!plan.rolling() && (parentCemented > cemented || !lined)) {
      throw notAncestor(name, parent, "holds cemented cycles up to level " + parentCemented
          + ", which do not end where this node's do (up to " + cemented + ")");
    }
    // The blocks carried, one run up to B1−1: Full, from B0 or above the new cemented files;
    // Rolling, from B0 (below B1's window if need be, so that B0 is in the chain's blocks), or
    // from the window's start should it reach below the parent's.
    int from = plan.rolling()
        ? (plan.lowestLevel() < parent.lowestLevel() ? Math.max(1, plan.lowestLevel()) : b0)
        : Math.max(b0, cemented + 1);
    List<BlockHash> floating = new ArrayList<>();
    Block below = plan.predecessor();
    while (below.level() > Math.min(b0, from) - 1 && below.level() > 0) {
      if (below.level() == b0 && !below.hash().equals(parent.block())) {
        throw notAncestor(name, parent, "is not on its branch (this node has " + below.hash()
            + " there)");
      }
      if (below.level() >= from) {
        floating.add(below.hash());
      }
      below = ExportPlan.blockAt(store, below.predecessor(), below.level() - 1).orElseThrow(() ->
          notAncestor(name, parent, "cannot be followed down to on this node: it no longer "
              + "holds the blocks between"));
    }
    Collections.reverse(floating);
    ContextHash parentContext = below.level() == b0 - 1 ? below.header().context()
        : ExportPlan.blockAt(store, parent.block(), b0).map(block -> block.predecessor())
            .flatMap(hash -> ExportPlan.blockAt(store, hash, b0 - 1))
            .orElseThrow(() -> notAncestor(name, parent, "has no predecessor on this node"))
            .header().context();
    Set<ProtocolHash> protocols = ExportPlan.tableFor(store.protocolLevels(),
        parent.lowestLevel(), b0).rows().stream().map(ProtocolLevel::protocol)
        .collect(Collectors.toUnmodifiableSet());
    return new IncrementalPlan(ParentLink.to(signed, path.getFileName().toString()), path,
        parentContext, parent.lowestLevel(), parentCemented, cemented, protocols,
        List.copyOf(floating));
  }

  /** Whether it carries the cemented file that begins at {@code start}. */
  boolean carriesCemented(int start) {
    return start > parentCementedThrough;
  }

  /** Whether it carries the protocol file {@code protocol}. */
  boolean carriesProtocol(ProtocolHash protocol) {
    return !parentProtocols.contains(protocol);
  }

  private static RuntimeException notAncestor(String name, SnapshotMetadata parent, String why) {
    return new SnapshotError.InvalidExportBlock(name, ExportRefusal.PARENT_NOT_ANCESTOR,
        "cannot be exported against " + parent.block() + " at level " + parent.level()
            + ", which " + why).toException();
  }
}
