package dev.cairn.validator.operation;

import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.RollupAddress;
import dev.cairn.validator.rollup.Commitment;
import java.util.List;

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

  /** Originates a smart rollup of {@code kind} (0: arith) booted with {@code bootSector}. */
  record RollupOriginate(PublicKeyHash source, long fee, long counter, int kind,
      byte[] bootSector) implements ManagerOperation {
    public RollupOriginate {
      bootSector = bootSector.clone();
    }

    @Override
    public byte[] bootSector() {
      return bootSector.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RollupOriginate r && r.source.equals(source) && r.fee == fee
          && r.counter == counter && r.kind == kind && java.util.Arrays.equals(r.bootSector,
              bootSector);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(source, fee, counter, kind,
          java.util.Arrays.hashCode(bootSector));
    }
  }

  /** Adds {@code messages} to the inbox of {@code rollup}. */
  record RollupAddMessages(PublicKeyHash source, long fee, long counter, RollupAddress rollup,
      List<byte[]> messages) implements ManagerOperation {
    public RollupAddMessages {
      messages = messages.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> messages() {
      return messages.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof RollupAddMessages r) || !r.source.equals(source) || r.fee != fee
          || r.counter != counter || !r.rollup.equals(rollup)
          || r.messages.size() != messages.size()) {
        return false;
      }
      for (int i = 0; i < messages.size(); i++) {
        if (!java.util.Arrays.equals(r.messages.get(i), messages.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(source, fee, counter, rollup, messages.size());
    }
  }

  /** Publishes {@code commitment} for {@code rollup}, staking the source if it has not yet. */
  record RollupPublish(PublicKeyHash source, long fee, long counter, RollupAddress rollup,
      Commitment commitment) implements ManagerOperation {}

  /** Cements {@code commitment}, the successor of {@code rollup}'s last cemented one. */
  record RollupCement(PublicKeyHash source, long fee, long counter, RollupAddress rollup,
      CommitmentHash commitment) implements ManagerOperation {}
}
