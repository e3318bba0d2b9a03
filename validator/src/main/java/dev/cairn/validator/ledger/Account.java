package dev.cairn.validator.ledger;

import dev.cairn.store.hash.PublicKey;
import java.util.Optional;

/**
 * An account's state: its balance, the counter of its last operation, and its public key once
 * revealed.
 */
public record Account(long balance, long counter, Optional<PublicKey> key) {

  /** A new account holding {@code balance}, with no operation yet and no key revealed. */
  public static Account fresh(long balance) {
    return new Account(balance, 0, Optional.empty());
  }

  public boolean revealed() {
    return key.isPresent();
  }

  public Account withBalance(long newBalance) {
    return new Account(newBalance, counter, key);
  }

  public Account withCounter(long newCounter) {
    return new Account(balance, newCounter, key);
  }

  public Account withKey(PublicKey newKey) {
    return new Account(balance, counter, Optional.of(newKey));
  }
}
