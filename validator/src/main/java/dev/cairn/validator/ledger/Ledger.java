package dev.cairn.validator.ledger;

import dev.cairn.context.ContextError;
import dev.cairn.context.ContextTree;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The testnet's state as paths of a context tree (layout in the package documentation). A value
 * of the wrong size is reported as {@code Inconsistent_context}: a context can hash right and still
 * have been crafted, so nothing here trusts what it reads.
 */
public final class Ledger {

  static final List<String> PROTOCOL = List.of("protocol");
  static final List<String> PARAMETERS = List.of("parameters");
  static final List<String> BAKERS = List.of("bakers");
  static final List<String> BURNED = List.of("burned");
  static final String ACCOUNTS = "accounts";

  private final ContextTree tree;

  public Ledger(ContextTree tree) {
    this.tree = tree;
  }

  public ContextTree tree() {
    return tree;
  }

  public Optional<TestnetParameters> parameters() {
    return tree.find(PARAMETERS).map(bytes -> TestnetParameters.decode(bytes)
        .orElseThrow(() -> inconsistent("the testnet parameters do not decode")));
  }

  public void setParameters(TestnetParameters parameters) {
    tree.set(PARAMETERS, parameters.encode());
  }

  /** The protocol that applied the state's block (genesis's, for the genesis state). */
  public Optional<ProtocolHash> protocol() {
    return tree.find(PROTOCOL).map(bytes -> ProtocolHash.of(sized(bytes, 32, "protocol")));
  }

  public void setProtocol(ProtocolHash protocol) {
    tree.set(PROTOCOL, protocol.bytes().toArray());
  }

  /** The bakers, in the order baking rights index them. */
  public List<PublicKeyHash> bakers() {
    byte[] bytes = tree.find(BAKERS).orElseThrow(() -> inconsistent("no bakers"));
    if (bytes.length == 0 || bytes.length % 20 != 0
        || bytes.length / 20 > TestnetParameters.MAX_BAKERS) {
      throw inconsistent("a bakers list of " + bytes.length + " bytes");
    }
    List<PublicKeyHash> bakers = new ArrayList<>(bytes.length / 20);
    for (int i = 0; i < bytes.length; i += 20) {
      bakers.add(PublicKeyHash.of(Arrays.copyOfRange(bytes, i, i + 20)));
    }
    return bakers;
  }

  public void setBakers(List<PublicKeyHash> bakers) {
    ByteBuffer out = ByteBuffer.allocate(bakers.size() * 20);
    bakers.forEach(pkh -> pkh.bytes().writeTo(out));
    tree.set(BAKERS, out.array());
  }

  /** The total burned so far; 0 before any protocol burned. */
  public long burned() {
    return tree.find(BURNED).map(bytes -> ByteBuffer.wrap(sized(bytes, 8, "burned")).getLong())
        .orElse(0L);
  }

  public void setBurned(long burned) {
    tree.set(BURNED, longBytes(burned));
  }

  /** The level at which migration {@code name} ran, if it did. */
  public Optional<Integer> migration(String name) {
    return tree.find(List.of("migrations", name))
        .map(bytes -> ByteBuffer.wrap(sized(bytes, 4, "migration")).getInt());
  }

  public void recordMigration(String name, int level) {
    tree.set(List.of("migrations", name), ByteBuffer.allocate(4).putInt(level).array());
  }

  public Optional<Account> account(PublicKeyHash pkh) {
    String dir = pkh.bytes().toHex();
    Optional<byte[]> balance = tree.find(List.of(ACCOUNTS, dir, "balance"));
    if (balance.isEmpty()) {
      return Optional.empty();
    }
    long counter = tree.find(List.of(ACCOUNTS, dir, "counter"))
        .map(bytes -> ByteBuffer.wrap(sized(bytes, 8, "counter")).getLong())
        .orElseThrow(() -> inconsistent("account " + pkh + " has no counter"));
    Optional<PublicKey> key = tree.find(List.of(ACCOUNTS, dir, "key"))
        .map(bytes -> PublicKey.of(sized(bytes, 32, "key")));
    return Optional.of(new Account(ByteBuffer.wrap(sized(balance.get(), 8, "balance")).getLong(),
        counter, key));
  }

  /** Writes {@code account}; a key, once revealed, is never removed. */
  public void putAccount(PublicKeyHash pkh, Account account) {
    String dir = pkh.bytes().toHex();
    tree.set(List.of(ACCOUNTS, dir, "balance"), longBytes(account.balance()));
    tree.set(List.of(ACCOUNTS, dir, "counter"), longBytes(account.counter()));
    account.key().ifPresent(key -> tree.set(List.of(ACCOUNTS, dir, "key"), key.bytes().toArray()));
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static byte[] sized(byte[] bytes, int size, String what) {
    if (bytes.length != size) {
      throw inconsistent("a " + what + " value of " + bytes.length + " bytes, not " + size);
    }
    return bytes;
  }

  private static RuntimeException inconsistent(String reason) {
    return new ContextError.InconsistentContext("testnet state: " + reason).toException();
  }
}
