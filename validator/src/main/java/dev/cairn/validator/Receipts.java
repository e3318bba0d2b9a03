package dev.cairn.validator;

import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.store.hash.PublicKeyHash;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What applying a block did, as its metadata records it.
 *
 * <p>Encoding: protocol 32 · baker 20 · reward i64 · fees i64 · burned i64 · u32 n ·
 * n × (kind u8 (1 reveal, 2 transaction, 3–6 the smart rollup operations: originate, add
 * messages, publish, cement) · fee i64 · allocated u8).
 */
public record Receipts(ProtocolHash protocol, PublicKeyHash baker, long reward, long fees,
    long burned, List<OperationReceipt> operations) {

  /** One operation's receipt: its kind, its fee, and whether it created its destination. */
  public record OperationReceipt(int kind, long fee, boolean allocated) {}

  public Receipts {
    operations = List.copyOf(operations);
  }

  public Bytes encode() {
    ByteBuffer out = ByteBuffer.allocate(32 + 20 + 24 + 4 + operations.size() * 10);
    protocol.bytes().writeTo(out);
    baker.bytes().writeTo(out);
    out.putLong(reward).putLong(fees).putLong(burned).putInt(operations.size());
    for (OperationReceipt receipt : operations) {
      out.put((byte) receipt.kind()).putLong(receipt.fee()).put((byte) (receipt.allocated() ? 1 : 0));
    }
    return Bytes.copyOf(out.array());
  }

  /** The protocol that applied a block, read from its encoded receipts; empty if too short. */
  public static Optional<ProtocolHash> protocolOf(Bytes receipts) {
    return receipts.length() < 32 ? Optional.empty()
        : Optional.of(ProtocolHash.of(Arrays.copyOf(receipts.toArray(), 32)));
  }

  /** The metadata hash: Blake2b-256 of the encoding. */
  public static Bytes hashOf(Bytes receipts) {
    return Bytes.copyOf(Blake2b.digest256(receipts.toArray()));
  }
}
