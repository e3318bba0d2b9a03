package dev.cairn.validator.operation;

import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;

/** The contents of a manager operation: its source account pays {@code fee} and uses {@code counter}. */
public sealed interface ManagerOperation {

  PublicKeyHash source();

  long fee();

  long counter();

  /** Publishes the source's public key, which its address is the hash of. */
  record Reveal(PublicKeyHash source, long fee, long counter, PublicKey publicKey)
      implements ManagerOperation {}

  /** Moves {@code amount} from the source to {@code destination}. */
  record Transaction(PublicKeyHash source, long fee, long counter, long amount,
      PublicKeyHash destination) implements ManagerOperation {}
}
