package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Octez's Merkle tree of 32-byte hashes (its {@code Generic_Merkle_tree} over Blake2b).
 *
 * <p>A leaf is H(element), a node is H(left ‖ right), the empty list is H(""). The padding is the
 * subtle part: a level with an odd count is padded with the <em>pad</em>, which starts as the leaf
 * of the last element and becomes H(pad ‖ pad) at each level up. It is not the level's own last
 * node: the two rules first differ at six elements, which the test vectors cover.
 */
public final class OperationsMerkle {

  private OperationsMerkle() {}

  /** The {@code Lo…} hash of one validation pass's operations, in order. */
  public static OperationListHash listHash(List<OperationHash> operations) {
    return OperationListHash.of(root(operations.stream().map(OperationHash::bytes).toList()));
  }

  /** The {@code LLo…} hash of a block's operation lists, one per validation pass. */
  public static OperationListListHash listListHash(List<OperationListHash> lists) {
    return OperationListListHash.of(root(lists.stream().map(OperationListHash::bytes).toList()));
  }

  static byte[] root(List<Bytes> elements) {
    if (elements.isEmpty()) {
      return Blake2b.digest256();
    }
    Blake2b hasher = Blake2b.hasher256();
    List<byte[]> level = new ArrayList<>(elements.size() + 1);
    for (Bytes element : elements) {
      level.add(hasher.update(element).finish());
    }
    byte[] pad = level.get(level.size() - 1);
    while (level.size() > 1) {
      if (level.size() % 2 == 1) {
        level.add(pad);
      }
      List<byte[]> up = new ArrayList<>(level.size() / 2 + 1);
      for (int i = 0; i < level.size(); i += 2) {
        up.add(node(hasher, level.get(i), level.get(i + 1)));
      }
      level = up;
      pad = node(hasher, pad, pad);
    }
    return level.get(0);
  }

  private static byte[] node(Blake2b hasher, byte[] left, byte[] right) {
    return hasher.update(left, 0, left.length).update(right, 0, right.length).finish();
  }
}
