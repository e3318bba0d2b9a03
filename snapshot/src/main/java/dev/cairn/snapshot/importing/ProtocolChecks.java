package dev.cairn.snapshot.importing;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.io.SnapshotSource.Member;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.validator.protocol.ProtocolDescriptor;
import dev.cairn.validator.protocol.ProtocolError;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.io.IOException;
import java.util.Set;

/** Step 4 of DESIGN §9, and the protocol table it checks the files against. */
final class ProtocolChecks {

  private ProtocolChecks() {}

  /** The table, and the hash of its member's bytes (which block_data binds). */
  record Table(ProtocolLevels levels, Bytes memberHash) {}

  static Table readTable(Member member, int expectedRows) {
    if (member.size() > ProtocolLevels.MAX_ENCODED_BYTES) {
      throw cannotReadTable(member.size() + " bytes, more than any table");
    }
    try {
      byte[] bytes = new byte[(int) member.size()];
      int read = member.in().readNBytes(bytes, 0, bytes.length);
      if (read != member.size()) {
        throw cannotReadTable("ends after " + read + " of " + member.size() + " bytes");
      }
      ProtocolLevels table = ProtocolLevels.decode(BinaryReader.of(bytes, "protocol_levels"));
      if (table.rows().size() != expectedRows) {
        throw cannotReadTable(table.rows().size() + " rows, metadata.json says " + expectedRows);
      }
      return new Table(table, Bytes.copyOf(Blake2b.digest256(bytes)));
    } catch (IOException e) {
      throw cannotReadTable(CauseText.of(e));
    } catch (CairnException e) {
      if (e.error() instanceof SnapshotError) {
        throw e;
      }
      throw cannotReadTable(e.error().details());
    }
  }

  /** Checks one {@code protocols/<P…>} member: a valid name, the bytes' hash, a known protocol. */
  static ProtocolHash check(Member member) {
    String name = member.name().suffix();
    ProtocolHash named;
    try {
      named = ProtocolHash.parse(name);
    } catch (RuntimeException e) {
      throw new SnapshotError.InvalidProtocolFile(member.name().path(),
          "the name is not a protocol hash (P…)").toException(e);
    }
    if (member.size() > ProtocolDescriptor.MAX_BYTES) {
      throw new SnapshotError.InvalidProtocolFile(member.name().path(), member.size()
          + " bytes, more than a protocol file can have").toException();
    }
    byte[] bytes = new byte[(int) member.size()];
    int read;
    try {
      read = member.in().readNBytes(bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL, CauseText.of(e))
          .toException(e);
    }
    if (read != member.size()) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL, member.name().path()
          + " ends early").toException();
    }
    ProtocolHash computed = ProtocolHash.of(Blake2b.digest256(bytes));
    if (!computed.equals(named)) {
      throw new SnapshotError.InconsistentProtocolHash(named, computed)
          .toException();
    }
    ProtocolDescriptor.decode(bytes); // Cannot_decode_protocol, naming the protocol
    if (!TestnetProtocols.knows(named)) {
      throw new ProtocolError.CannotDecodeProtocol(named,
          "this node has no implementation of it").toException();
    }
    return named;
  }

  /** Every protocol the table names must have come as a file, and no other. */
  static void requireFiles(ProtocolLevels table, Set<ProtocolHash> files) {
    for (ProtocolHash file : files) {
      if (table.rows().stream().noneMatch(row -> row.protocol().equals(file))) {
        throw new SnapshotError.InvalidProtocolFile("protocols/" + file,
            "the protocol table does not name it").toException();
      }
    }
    for (ProtocolLevel row : table.rows()) {
      if (!files.contains(row.protocol())) {
        throw new SnapshotError.InvalidProtocolFile("protocols/" + row.protocol(),
            "the protocol table names it but the snapshot does not carry it").toException();
      }
    }
  }

  private static RuntimeException cannotReadTable(String reason) {
    return new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL_TABLE, reason).toException();
  }
}
