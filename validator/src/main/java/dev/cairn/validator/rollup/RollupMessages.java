package dev.cairn.validator.rollup;

import dev.cairn.store.block.Block;
import dev.cairn.store.block.Operation;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.operation.ManagerOperation;
import dev.cairn.validator.operation.SignedOperation;
import java.util.ArrayList;
import java.util.List;

/** The inbox messages a block sends to a rollup, read from its operations. */
public final class RollupMessages {

  private RollupMessages() {}

  /**
   * The messages {@code block}'s {@code smart_rollup_add_messages} operations send to {@code
   * rollup}, in order: the block's inbox level for that rollup. The block must be one L1 applied
   * (an operation that does not decode is {@code Malformed_operation}).
   */
  public static List<byte[]> of(Block block, RollupAddress rollup) {
    List<byte[]> out = new ArrayList<>();
    for (List<Operation> pass : block.operations()) {
      for (Operation operation : pass) {
        if (!mayBeMessages(operation)) {
          continue;
        }
        ManagerOperation contents = SignedOperation.fromShell(operation).contents();
        if (contents instanceof ManagerOperation.RollupAddMessages m
            && m.rollup().equals(rollup)) {
          out.addAll(m.messages());
        }
      }
    }
    return out;
  }

  /** Only add-messages operations are decoded: their tag is the data's first byte. */
  private static boolean mayBeMessages(Operation operation) {
    return operation.data().length() > 0 && operation.data().get(0) == 4;
  }
}
