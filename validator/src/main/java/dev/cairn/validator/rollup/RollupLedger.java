package dev.cairn.validator.rollup;

import dev.cairn.context.ContextError;
import dev.cairn.context.ContextTree;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.CommitmentHash;
import dev.cairn.store.hash.InboxHash;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.RollupAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The smart rollups' part of the L1 state, as paths of a context tree (layout in docs/ROLLUPS.md):
 * each rollup's kind, boot sector and origination; its inbox's hash chain, head and per level; its
 * commitments by inbox level; its newest and last cemented commitment; its stakers' bonds. Nothing
 * read here is trusted: a value of the wrong shape is {@code Inconsistent_context}.
 */
public final class RollupLedger {

  static final String ROLLUPS = "rollups";
  /** Levels are spread over directories of this many, so no directory grows without bound. */
  static final int BUCKET = 1024;

  /** A rollup as originated. */
  public record Rollup(RollupAddress address, int kind, byte[] bootSector, int originationLevel) {}

  /** The inbox's head: the last level with messages (or the origination), its count, the hash. */
  public record InboxHead(int level, int messages, InboxHash hash) {}

  /** A commitment as L1 holds it: when it was published and by whom. */
  public record Published(Commitment commitment, int publishedAt, PublicKeyHash staker) {}

  /** A commitment named by its hash and inbox level. */
  public record CommitmentRef(CommitmentHash hash, int inboxLevel) {}

  private static final byte[] ADDRESS_DOMAIN =
      "cairn smart rollup origination".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ContextTree tree;

  public RollupLedger(ContextTree tree) {
    this.tree = tree;
  }

  /**
   * The address of the rollup that {@code source} originates with {@code counter}:
   * Blake2b-160("cairn smart rollup origination" · source 20 · counter i64).
   */
  public static RollupAddress addressOf(PublicKeyHash source, long counter) {
    ByteBuffer in = ByteBuffer.allocate(ADDRESS_DOMAIN.length + 20 + 8).put(ADDRESS_DOMAIN);
    source.bytes().writeTo(in);
    return RollupAddress.of(dev.cairn.store.hash.Blake2b.digest160(in.putLong(counter)
        .array()));
  }

  /** Every rollup, in the order of their addresses' bytes. */
  public List<RollupAddress> rollups() {
    List<RollupAddress> out = new ArrayList<>();
    for (String hex : tree.list(List.of(ROLLUPS))) {
      byte[] bytes = fromHex(hex);
      if (bytes == null || bytes.length != 20) {
        throw inconsistent("a rollup directory named '" + hex + "'");
      }
      out.add(RollupAddress.of(bytes));
    }
    return out;
  }

  public Optional<Rollup> rollup(RollupAddress address) {
    Optional<byte[]> kind = tree.find(path(address, "kind"));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    if (kind.get().length != 1) {
      throw inconsistent("rollup " + address + ": a kind of " + kind.get().length + " bytes");
    }
    byte[] boot = tree.find(path(address, "boot_sector")).orElseThrow(() ->
        inconsistent("rollup " + address + " has no boot sector"));
    int origination = i32(tree.find(path(address, "origination")), address, "origination");
    return Optional.of(new Rollup(address, kind.get()[0] & 0xff, boot, origination));
  }

  /** Records a rollup originated at {@code level}, its inbox started and its genesis cemented. */
  public void originate(Rollup rollup, Commitment genesis, InboxHash inboxStart) {
    RollupAddress a = rollup.address();
    tree.set(path(a, "kind"), new byte[] {(byte) rollup.kind()});
    tree.set(path(a, "boot_sector"), rollup.bootSector());
    tree.set(path(a, "origination"), ByteBuffer.allocate(4).putInt(rollup.originationLevel())
        .array());
    setInbox(a, new InboxHead(rollup.originationLevel(), 0, inboxStart));
    putCommitment(a, new Published(genesis, rollup.originationLevel(),
        PublicKeyHash.of(new byte[20])));
    CommitmentRef ref = new CommitmentRef(genesis.hash(), genesis.inboxLevel());
    setRef(a, "lcc", ref);
    setRef(a, "newest", ref);
  }

  public InboxHead inbox(RollupAddress a) {
    byte[] b = tree.find(path(a, "inbox")).orElseThrow(() ->
        inconsistent("rollup " + a + " has no inbox"));
    BinaryReader in = reader(b, 40, a, "inbox");
    return new InboxHead(in.i32("level"), in.i32("messages"), InboxHash.of(in.bytes(32, "hash")));
  }

  public void setInbox(RollupAddress a, InboxHead head) {
    ByteBuffer out = ByteBuffer.allocate(40).putInt(head.level()).putInt(head.messages());
    head.hash().bytes().writeTo(out);
    tree.set(path(a, "inbox"), out.array());
  }

  /** The inbox's hash after {@code level}, if that level had messages. */
  public Optional<InboxHash> inboxAt(RollupAddress a, int level) {
    return tree.find(levelPath(a, "inbox_levels", level)).map(b -> {
      if (b.length != 32) {
        throw inconsistent("rollup " + a + ": an inbox hash of " + b.length + " bytes");
      }
      return InboxHash.of(b);
    });
  }

  /**
   * The inbox's hash as it stood after {@code level}: the record of the newest level at or below
   * it that had messages, or the chain's start if none had (the origination is {@code
   * origination}). Reads at most the buckets from {@code level}'s down to the origination's.
   */
  public InboxHash inboxAsOf(RollupAddress a, int level, int origination) {
    for (int bucket = level / BUCKET; bucket >= origination / BUCKET && bucket >= 0; bucket--) {
      int newest = -1;
      for (String step : tree.list(List.of(ROLLUPS, hex(a), "inbox_levels",
          Integer.toString(bucket)))) {
        int recorded;
        try {
          recorded = Integer.parseInt(step);
        } catch (NumberFormatException e) {
          throw inconsistent("rollup " + a + ": an inbox level named '" + step + "'");
        }
        if (recorded <= level && recorded > newest) {
          newest = recorded;
        }
      }
      if (newest >= 0) {
        return inboxAt(a, newest).orElseThrow();
      }
    }
    return RollupInbox.start(a, origination);
  }

  public void recordInboxLevel(RollupAddress a, int level, InboxHash hash) {
    tree.set(levelPath(a, "inbox_levels", level), hash.bytes().toArray());
  }

  /** The commitment whose inbox level is {@code inboxLevel}, if one was published. */
  public Optional<Published> commitmentAt(RollupAddress a, int inboxLevel) {
    return tree.find(levelPath(a, "commitments", inboxLevel)).map(b -> {
      BinaryReader in = reader(b, Commitment.BYTES + 24, a, "commitment");
      return new Published(Commitment.read(in), in.i32("published at"),
          PublicKeyHash.of(in.bytes(20, "staker")));
    });
  }

  public void putCommitment(RollupAddress a, Published published) {
    ByteBuffer out = ByteBuffer.allocate(Commitment.BYTES + 24).put(published.commitment()
        .encode()).putInt(published.publishedAt());
    published.staker().bytes().writeTo(out);
    tree.set(levelPath(a, "commitments", published.commitment().inboxLevel()), out.array());
  }

  /** The last cemented commitment. */
  public CommitmentRef lastCemented(RollupAddress a) {
    return ref(a, "lcc");
  }

  public void setLastCemented(RollupAddress a, CommitmentRef ref) {
    setRef(a, "lcc", ref);
  }

  /** The newest commitment published (or cemented): the one a new commitment must follow. */
  public CommitmentRef newest(RollupAddress a) {
    return ref(a, "newest");
  }

  public void setNewest(RollupAddress a, CommitmentRef ref) {
    setRef(a, "newest", ref);
  }

  /** The bond {@code staker} froze for {@code a}, if it staked. */
  public Optional<Long> stake(RollupAddress a, PublicKeyHash staker) {
    return tree.find(List.of(ROLLUPS, hex(a), "stakers", staker.bytes().toHex()))
        .map(b -> reader(b, 8, a, "stake").i64("stake"));
  }

  public void setStake(RollupAddress a, PublicKeyHash staker, long bond) {
    tree.set(List.of(ROLLUPS, hex(a), "stakers", staker.bytes().toHex()),
        ByteBuffer.allocate(8).putLong(bond).array());
  }

  private CommitmentRef ref(RollupAddress a, String name) {
    byte[] b = tree.find(path(a, name)).orElseThrow(() ->
        inconsistent("rollup " + a + " has no " + name));
    BinaryReader in = reader(b, 36, a, name);
    return new CommitmentRef(CommitmentHash.of(in.bytes(32, "hash")), in.i32("inbox level"));
  }

  private void setRef(RollupAddress a, String name, CommitmentRef ref) {
    ByteBuffer out = ByteBuffer.allocate(36);
    ref.hash().bytes().writeTo(out);
    tree.set(path(a, name), out.putInt(ref.inboxLevel()).array());
  }

  private static List<String> path(RollupAddress a, String name) {
    return List.of(ROLLUPS, hex(a), name);
  }

  private static List<String> levelPath(RollupAddress a, String table, int level) {
    return List.of(ROLLUPS, hex(a), table, Integer.toString(level / BUCKET),
        Integer.toString(level));
  }

  private static String hex(RollupAddress a) {
    return a.bytes().toHex();
  }

  private static BinaryReader reader(byte[] b, int size, RollupAddress a, String what) {
    if (b.length != size) {
      throw inconsistent("rollup " + a + ": " + what + " of " + b.length + " bytes, not " + size);
    }
    return BinaryReader.of(b, what);
  }

  private static int i32(Optional<byte[]> b, RollupAddress a, String what) {
    return reader(b.orElseThrow(() -> inconsistent("rollup " + a + " has no " + what)), 4, a,
        what).i32(what);
  }

  private static byte[] fromHex(String hex) {
    try {
      return Bytes.fromHex(hex).toArray();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static RuntimeException inconsistent(String reason) {
    return new ContextError.InconsistentContext("rollup state: " + reason).toException();
  }
}
