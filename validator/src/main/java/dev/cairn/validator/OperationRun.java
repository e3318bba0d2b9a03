package dev.cairn.validator;

import dev.cairn.context.ContextTree;
import dev.cairn.error.CairnException;
import dev.cairn.store.block.Operation;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.validator.ledger.Account;
import dev.cairn.validator.ledger.Ledger;
import dev.cairn.validator.operation.ManagerOperation;
import dev.cairn.validator.operation.SignedOperation;
import dev.cairn.validator.protocol.ProtocolRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The operations of one block, applied in order to the ledger with every rule checked: branch,
 * source, key, signature, counter, fee, amount, balance. Fees are collected for the baker, less
 * the protocol's burned share. The first broken rule throws its {@link ValidationError}.
 */
final class OperationRun {

  private final Ledger ledger;
  private final ProtocolRules rules;
  private final Set<BlockHash> live;
  private final boolean verifySignatures;
  /** The rollup rules and effects, under a protocol with smart rollups; null otherwise. */
  private final RollupRun rollups;
  private final String block;
  private final int level;
  private final List<Receipts.OperationReceipt> receipts = new ArrayList<>();
  private long fees;
  private long burned;

  OperationRun(Ledger ledger, ProtocolRules rules, Set<BlockHash> live, String block, int level,
      boolean verifySignatures, Supplier<ContextTree> emptyTrees) {
    this.rollups = rules.rollups().map(r -> new RollupRun(ledger, r, emptyTrees, block, level))
        .orElse(null);
    this.verifySignatures = verifySignatures;
    this.ledger = ledger;
    this.rules = rules;
    this.live = live;
    this.block = block;
    this.level = level;
  }

  void applyAll(List<Operation> operations) {
    if (operations.size() > rules.maxOperations()) {
      throw fail(ValidationError.TooManyOperations::new, operations.size() + " operations, at most "
          + rules.maxOperations());
    }
    SignatureChecks signatures = SignatureChecks.run(ledger, operations, verifySignatures);
    for (int i = 0; i < operations.size(); i++) {
      apply(i, operations.get(i), signatures);
    }
  }

  private void apply(int index, Operation operation, SignatureChecks signatures) {
    Where where = new Where(index, operation);
    SignedOperation signed = signatures.decoded(index).orElseThrow(() ->
        fail(ValidationError.MalformedOperation::new, where + ": "
            + signatures.decodeFailure(index)));
    if (!live.contains(operation.branch())) {
      throw fail(ValidationError.InvalidOperationBranch::new,
          where + " is made on " + operation.branch());
    }
    ManagerOperation contents = signed.contents();
    boolean rollup = isRollupOperation(contents);
    if (rollup && rollups == null) {
      throw fail(ValidationError.RollupsNotEnabled::new, where + " is a smart rollup operation");
    }
    PublicKeyHash source = contents.source();
    Account account = ledger.account(source).orElseThrow(() ->
        fail(ValidationError.UnknownAccount::new, where + " from " + source));
    PublicKey key;
    if (contents instanceof ManagerOperation.Reveal reveal) {
      if (account.revealed()) {
        throw fail(ValidationError.PreviouslyRevealedKey::new, where + " reveals " + source);
      }
      if (!PublicKeyHash.ofKey(reveal.publicKey()).equals(source)) {
        throw fail(ValidationError.InconsistentPublicKey::new,
            where + ": " + reveal.publicKey() + " is not the key of " + source);
      }
      key = reveal.publicKey();
    } else {
      key = account.key().orElseThrow(() ->
          fail(ValidationError.UnrevealedManager::new, where + " from " + source));
    }
    if (!signatures.valid(index, key)) {
      throw fail(ValidationError.InvalidOperationSignature::new, where + " from " + source);
    }
    if (account.counter() == Long.MAX_VALUE || contents.counter() != account.counter() + 1) {
      throw fail(ValidationError.InvalidCounter::new, where + " has counter "
          + contents.counter() + ", " + source + " expects " + (account.counter() + 1));
    }
    if (contents.fee() < rules.minimalFee()) {
      throw fail(ValidationError.FeeTooLow::new, where + " offers " + contents.fee()
          + ", the minimum is " + rules.minimalFee());
    }
    long amount = contents instanceof ManagerOperation.Transaction t ? t.amount() : 0;
    if (contents instanceof ManagerOperation.Transaction t
        && (t.amount() <= 0 || t.destination().equals(source))) {
      throw fail(ValidationError.InvalidAmount::new, where + " moves " + t.amount() + " to "
          + t.destination());
    }
    if (account.balance() < contents.fee() || account.balance() - contents.fee() < amount) {
      throw fail(ValidationError.BalanceTooLow::new, where + ": " + source + " holds "
          + account.balance() + ", needs fee " + contents.fee() + " and amount " + amount);
    }
    long frozen = rollup ? rollups.check(where, contents, account.balance() - contents.fee()) : 0;
    Account debited = account.withBalance(account.balance() - contents.fee() - amount - frozen)
        .withCounter(contents.counter());
    ledger.putAccount(source, contents instanceof ManagerOperation.Reveal ? debited.withKey(key)
        : debited);
    if (rollup) {
      rollups.apply(contents, frozen);
    }
    boolean allocated = false;
    if (contents instanceof ManagerOperation.Transaction t) {
      allocated = credit(where, t.destination(), amount);
    }
    long burn = rules.burnedOf(contents.fee());
    fees = add(where::toString, fees, contents.fee());
    burned += burn;
    receipts.add(new Receipts.OperationReceipt(kindOf(contents), contents.fee(), allocated));
  }

  private static boolean isRollupOperation(ManagerOperation contents) {
    return !(contents instanceof ManagerOperation.Reveal
        || contents instanceof ManagerOperation.Transaction);
  }

  /** An operation's kind in its receipt: its tag in the operation's encoding. */
  private static int kindOf(ManagerOperation contents) {
    if (contents instanceof ManagerOperation.Reveal) {
      return 1;
    } else if (contents instanceof ManagerOperation.Transaction) {
      return 2;
    } else if (contents instanceof ManagerOperation.RollupOriginate) {
      return 3;
    } else if (contents instanceof ManagerOperation.RollupAddMessages) {
      return 4;
    } else if (contents instanceof ManagerOperation.RollupPublish) {
      return 5;
    }
    return 6;
  }

  /** Names an operation in an error; built only when one is raised (it costs a hash). */
  private record Where(int index, Operation operation) {
    @Override
    public String toString() {
      return "operation " + index + " (" + operation.hash() + ")";
    }
  }

  /** Credits {@code amount} to {@code pkh}, creating the account if needed; true if created. */
  boolean credit(Object where, PublicKeyHash pkh, long amount) {
    Account account = ledger.account(pkh).orElse(null);
    Account base = account == null ? Account.fresh(0) : account;
    ledger.putAccount(pkh, base.withBalance(add(() -> where + " crediting " + pkh,
        base.balance(), amount)));
    return account == null;
  }

  private long add(Supplier<String> where, long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw fail(ValidationError.BalanceOverflow::new, where.get() + ": " + a + " + " + b);
    }
  }

  long fees() {
    return fees;
  }

  long burned() {
    return burned;
  }

  List<Receipts.OperationReceipt> receipts() {
    return receipts;
  }

  private CairnException fail(ValidationError.Rule rule, String found) {
    return rule.of(block, level, found).toException();
  }
}
