package dev.cairn.snapshot.importing;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.BlockData;
import dev.cairn.snapshot.format.FloatingBlocks;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.io.SnapshotSource.Member;
import dev.cairn.store.StoreError;
import dev.cairn.store.StoreImport;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.validator.Receipts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Step 8 of DESIGN §9: the floating blocks and the cemented files, each block's hash and
 * operations hash recomputed (unless {@code --no-check}), levels contiguous, predecessor links
 * unbroken from genesis (Full) or the lowest block (Rolling) up to B−1, which must be the block
 * {@code block_data} describes, and the live blocks {@code block_data} gave the replay must be
 * the real ones. The blocks go into the staging store as they are checked.
 *
 * <p>Floating blocks come before the cemented files in a snapshot but lie above them; their
 * link to the last cemented block is checked once the cemented files have been read.
 */
final class ImportedBlocks {

  private final SnapshotMetadata metadata;
  private final BlockData blockData;
  private final StoreImport store;
  private final boolean recompute;
  /** Hashes at the levels the live blocks cover, as the blocks arrive. */
  private final Map<Integer, BlockHash> liveLevels = new HashMap<>();
  private int floatingCount;
  private int floatingFirstLevel = -1;
  private BlockHash floatingFirstPredecessor;
  private int cementedCount;
  private int cementedEnd;
  private BlockHash cementedTop;

  ImportedBlocks(SnapshotMetadata metadata, BlockData blockData, StoreImport store,
      boolean recompute) {
    this.metadata = metadata;
    this.blockData = blockData;
    this.store = store;
    this.recompute = recompute;
    this.cementedTop = blockData.genesis().hash();
    remember(0, blockData.genesis().hash());
  }

  void readFloating(Member member, Progress progress) {
    FloatingBlocks.Reader reader = new FloatingBlocks.Reader(member.in(), member.size());
    if (reader.count() != metadata.floatingBlocks()) {
      throw inconsistent(reader.count() + " floating blocks, metadata.json says "
          + metadata.floatingBlocks());
    }
    int predecessorLevel = blockData.block().level() - 1;
    int expectedCount = predecessorLevel - Math.max(1, metadata.lowestLevel()) + 1;
    progress.phase("floating blocks", reader.count());
    Block previous = null;
    while (reader.hasNext()) {
      Block block = reader.next();
      if (recompute) {
        block.verify().ifPresent(fault -> {
          throw new SnapshotError.CorruptedFloatingStore("block at level " + block.level() + ": "
              + fault).toException();
        });
      }
      if (previous == null) {
        floatingFirstLevel = block.level();
        floatingFirstPredecessor = block.predecessor();
      } else if (block.level() != previous.level() + 1
          || !block.predecessor().equals(previous.hash())) {
        throw inconsistent("the block at level " + block.level() + " does not follow the block "
            + previous.hash() + " at level " + previous.level());
      }
      boolean isPredecessor = block.level() == predecessorLevel;
      if (block.metadata().isPresent() != isPredecessor) {
        throw inconsistent("the block at level " + block.level() + (isPredecessor
            ? " is B−1 but carries no metadata" : " carries metadata; only B−1 may"));
      }
      if (isPredecessor) {
        checkPredecessor(block);
      }
      remember(block.level(), block.hash());
      store.appendFloating(block);
      previous = block;
      progress.advance(++floatingCount);
      progress.checkCancelled();
    }
    reader.expectEnd();
    if (predecessorLevel >= 1 && (previous == null || previous.level() != predecessorLevel)) {
      throw inconsistent("the floating blocks end " + (previous == null ? "before they begin"
          : "at level " + previous.level()) + ", not at B−1 (level " + predecessorLevel + ")");
    }
    if (metadata.rolling() && floatingCount != Math.max(0, expectedCount)) {
      throw inconsistent(floatingCount + " floating blocks, but a rolling snapshot of level "
          + blockData.block().level() + " from level " + metadata.lowestLevel() + " has "
          + expectedCount);
    }
  }

  private void checkPredecessor(Block block) {
    if (!block.hash().equals(blockData.block().predecessor())
        || !block.header().hash().equals(blockData.predecessorHeader().hash())) {
      throw inconsistent("B−1 (level " + block.level() + ") is " + block.hash() + ", but B's "
          + "predecessor is " + blockData.block().predecessor());
    }
    var blockMetadata = block.metadata().orElseThrow();
    if (blockMetadata.maxOperationsTtl() != blockData.predecessorMaxOperationsTtl()
        || !Receipts.hashOf(blockMetadata.receipts())
            .equals(blockData.predecessorMetadataHash())) {
      throw inconsistent("B−1's metadata is not the metadata block_data binds it to");
    }
  }

  /** Reads one cemented file, checking its name and that it follows the previous one. */
  void readCemented(Member member) {
    String name = member.name().suffix();
    int[] range = DataDir.parseCementedName(name).orElseThrow(() ->
        new SnapshotError.InvalidCementedFile(member.name().path(),
            "the name is not <start>_<end>").toException());
    if (metadata.rolling()) {
      throw new SnapshotError.InvalidCementedFile(member.name().path(),
          "a rolling snapshot carries no cemented cycles").toException();
    }
    if (range[0] != cementedEnd + 1) {
      throw new SnapshotError.MissingCementedFile((cementedEnd + 1) + "_" + (range[0] - 1))
          .toException();
    }
    follow(mapped(() -> store.addCementedFile(range[0], range[1], member.in(), member.size(),
        recompute)));
    cementedEnd = range[1];
    cementedCount++;
  }

  /**
   * Cemented files whose blocks the store has checked, in order: each must continue the chain
   * from the file before.
   */
  private void follow(List<StoreImport.CheckedCementedFile> files) {
    for (StoreImport.CheckedCementedFile file : files) {
      List<BlockCodec.BlockKey> keys = file.keys();
      if (!keys.get(0).predecessor().equals(cementedTop)) {
        throw new SnapshotError.InvalidCementedFile(memberName(file.start(), file.end()),
            "its first block does not link to the block at level " + (file.start() - 1))
            .toException();
      }
      for (BlockCodec.BlockKey key : keys) {
        remember(key.level(), key.hash());
      }
      cementedTop = keys.get(keys.size() - 1).hash();
    }
  }

  /** A store step; a cemented file it finds corrupted is the snapshot's Invalid_cemented_file. */
  private static <T> T mapped(Supplier<T> step) {
    try {
      return step.get();
    } catch (CairnException e) {
      if (e.error() instanceof StoreError.CorruptedCementedFile corrupted) {
        throw new SnapshotError.InvalidCementedFile(memberName(corrupted.start(),
            corrupted.end()), corrupted.reason()).toException(e);
      }
      throw e;
    }
  }

  private static String memberName(int start, int end) {
    return MemberName.named(MemberKind.CEMENTED, start + "_" + end).path();
  }

  /** After the last member: the parts join up, and the live blocks were the real ones. */
  void finish() {
    follow(mapped(store::finishCemented));
    if (cementedCount != metadata.cementedCycles()) {
      throw new SnapshotError.MissingCementedFile("after level " + cementedEnd + " ("
          + cementedCount + " files, metadata.json says " + metadata.cementedCycles() + ")")
          .toException();
    }
    int predecessorLevel = blockData.block().level() - 1;
    if (predecessorLevel >= 1) {
      int expectedFirst = metadata.rolling() ? Math.max(1, metadata.lowestLevel())
          : cementedEnd + 1;
      if (floatingFirstLevel != expectedFirst) {
        throw inconsistent("the floating blocks begin at level " + floatingFirstLevel + ", not "
            + expectedFirst);
      }
      boolean linksBelow = metadata.rolling() && metadata.lowestLevel() > 0
          || floatingFirstPredecessor.equals(cementedTop);
      if (!linksBelow) {
        throw inconsistent("the lowest floating block does not link to the block at level "
            + (expectedFirst - 1));
      }
    } else if (cementedCount > 0 || floatingCount > 0) {
      throw inconsistent("a snapshot of level 1 holds no blocks but genesis");
    }
    List<BlockHash> live = blockData.live();
    for (int i = 0; i < live.size(); i++) {
      int level = predecessorLevel - i;
      BlockHash found = liveLevels.get(level);
      if (!live.get(i).equals(found)) {
        throw inconsistent("block_data names " + live.get(i) + " as the live block at level "
            + level + ", but the snapshot's block there is " + found);
      }
    }
  }

  int cementedEnd() {
    return cementedEnd;
  }

  private void remember(int level, BlockHash hash) {
    int lowestLive = blockData.block().level() - blockData.live().size();
    if (level >= lowestLive) {
      liveLevels.put(level, hash);
    }
  }

  private static RuntimeException inconsistent(String reason) {
    return new SnapshotError.InconsistentFloatingStore(reason).toException();
  }
}
