package dev.cairn.validator.rollup;

import dev.cairn.context.ContextTree;
import dev.cairn.store.hash.RollupAddress;
import java.util.List;

/**
 * What L1 knows of one rollup in a state: for {@code node info} and the rollup node.
 *
 * @param address the rollup's {@code sr1…} address
 * @param kind its PVM kind ({@code arith})
 * @param originationLevel the level of the block that originated it
 * @param lastCemented its last cemented commitment
 * @param newest its newest commitment (the last cemented one if none is pending)
 * @param inbox its inbox's head
 */
public record RollupSummary(RollupAddress address, String kind, int originationLevel,
    RollupLedger.CommitmentRef lastCemented, RollupLedger.CommitmentRef newest,
    RollupLedger.InboxHead inbox) {

  /** Every rollup of the state in {@code tree}, in address order. */
  public static List<RollupSummary> of(ContextTree tree) {
    RollupLedger ledger = new RollupLedger(tree);
    return ledger.rollups().stream().map(address -> {
      RollupLedger.Rollup rollup = ledger.rollup(address).orElseThrow();
      return new RollupSummary(address, kindName(rollup.kind()), rollup.originationLevel(),
          ledger.lastCemented(address), ledger.newest(address), ledger.inbox(address));
    }).toList();
  }

  /** A kind's name: arith for 0, the number otherwise (L1 refuses any other at origination). */
  public static String kindName(int kind) {
    return kind == 0 ? "arith" : Integer.toString(kind);
  }
}
