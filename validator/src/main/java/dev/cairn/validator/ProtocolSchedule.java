package dev.cairn.validator;

import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.validator.crypto.TestnetKey;
import dev.cairn.validator.ledger.Account;
import dev.cairn.validator.ledger.Ledger;
import dev.cairn.validator.ledger.TestnetParameters;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which protocol applies a level, and the migrations that run when one activates. Level 1
 * activates {@link TestnetProtocols#ALPHA} (proto level 1) from genesis; the testnet's switch level
 * activates {@link TestnetProtocols#BETA} (proto level 2), and its rollups level {@link
 * TestnetProtocols#GAMMA} (the next proto level). A migration runs on the predecessor's
 * state before the activating block's operations.
 */
final class ProtocolSchedule {

  private ProtocolSchedule() {}

  /** The protocol that activates at {@code level}, if one does. */
  static Optional<ProtocolHash> activationAt(int level, TestnetParameters parameters) {
    if (level == 1) {
      return Optional.of(TestnetProtocols.ALPHA.hash());
    }
    if (parameters.protocolSwitchAt() != 0 && level == parameters.protocolSwitchAt()) {
      return Optional.of(TestnetProtocols.BETA.hash());
    }
    if (parameters.rollupsAt() != 0 && level == parameters.rollupsAt()) {
      return Optional.of(TestnetProtocols.GAMMA.hash());
    }
    return Optional.empty();
  }

  /** Runs the migration into {@code protocol} at {@code level}. */
  static void migrate(Ledger ledger, ProtocolHash protocol, int level,
      TestnetParameters parameters) {
    if (protocol.equals(TestnetProtocols.ALPHA.hash())) {
      activateAlpha(ledger, level, parameters);
    } else if (protocol.equals(TestnetProtocols.BETA.hash())) {
      activateBeta(ledger, level);
    } else {
      ledger.recordMigration("gamma", level); // rollups start with none: /rollups appears later
    }
    ledger.setProtocol(protocol);
  }

  /** Names the bakers (the first accounts) and reveals their keys, so they can sign at once. */
  private static void activateAlpha(Ledger ledger, int level, TestnetParameters parameters) {
    List<PublicKeyHash> bakers = new ArrayList<>(parameters.bakers());
    for (int i = 0; i < parameters.bakers(); i++) {
      TestnetKey key = TestnetKey.derive(parameters.seed(), i);
      PublicKeyHash pkh = key.publicKeyHash();
      Account account = ledger.account(pkh).orElse(Account.fresh(0));
      if (!account.revealed()) {
        ledger.putAccount(pkh, account.withKey(key.publicKey()));
      }
      bakers.add(pkh);
    }
    ledger.setBakers(bakers);
    ledger.recordMigration("alpha", level);
  }

  /** Starts the burned total, which the second protocol's fee rule adds to. */
  private static void activateBeta(Ledger ledger, int level) {
    ledger.setBurned(0);
    ledger.recordMigration("beta", level);
  }
}
