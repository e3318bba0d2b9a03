package dev.cairn.validator;

import dev.cairn.error.CairnException;
import dev.cairn.store.block.Operation;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.validator.ledger.Account;
import dev.cairn.validator.ledger.Ledger;
import dev.cairn.validator.operation.ManagerOperation;
import dev.cairn.validator.operation.SignedOperation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A block's operation signatures, checked up front on all cores: signature checks are most of
 * the cost of applying an operation, and each is a pure function of the operation and a key.
 *
 * <p>The key of each operation is found in order: a reveal's own key, else a key revealed earlier
 * in the block, else the source's key in the predecessor's state. Operations whose key is not
 * known this way are left for the in-order pass, which raises their error first; {@link #valid}
 * checks there any key that differs from the one guessed here.
 */
final class SignatureChecks {

  private final SignedOperation[] decoded;
  private final String[] decodeFailures;
  private final PublicKey[] keys;
  private final boolean[] valid;
  private boolean trusted;

  private SignatureChecks(int size) {
    decoded = new SignedOperation[size];
    decodeFailures = new String[size];
    keys = new PublicKey[size];
    valid = new boolean[size];
  }

  /**
   * Decodes {@code operations} and checks their signatures; with {@code verify} false, the
   * signatures are taken as checked already (see {@link BlockValidator.Signatures}).
   */
  static SignatureChecks run(Ledger ledger, List<Operation> operations, boolean verify) {
    SignatureChecks checks = new SignatureChecks(operations.size());
    checks.trusted = !verify;
    Map<PublicKeyHash, Optional<PublicKey>> known = new HashMap<>();
    for (int i = 0; i < operations.size(); i++) {
      SignedOperation signed;
      try {
        signed = SignedOperation.fromShell(operations.get(i));
      } catch (CairnException e) {
        checks.decodeFailures[i] = e.error().details();
        continue;
      }
      checks.decoded[i] = signed;
      PublicKeyHash source = signed.contents().source();
      if (signed.contents() instanceof ManagerOperation.Reveal reveal) {
        checks.keys[i] = reveal.publicKey();
        known.put(source, Optional.of(reveal.publicKey()));
      } else {
        checks.keys[i] = known.computeIfAbsent(source,
            pkh -> ledger.account(pkh).flatMap(Account::key)).orElse(null);
      }
    }
    if (!verify) {
      return checks;
    }
    IntStream.range(0, operations.size()).parallel()
        .filter(i -> checks.keys[i] != null)
        .forEach(i -> checks.valid[i] = checks.decoded[i].signedBy(checks.keys[i]));
    return checks;
  }

  Optional<SignedOperation> decoded(int index) {
    return Optional.ofNullable(decoded[index]);
  }

  String decodeFailure(int index) {
    return decodeFailures[index];
  }

  /** Whether operation {@code index} is signed by {@code key}. */
  boolean valid(int index, PublicKey key) {
    if (trusted) {
      return true;
    }
    return key.equals(keys[index]) ? valid[index] : decoded[index].signedBy(key);
  }
}
