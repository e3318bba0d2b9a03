package dev.cairn.snapshot.importing;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.io.SnapshotSource.Member;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.validator.protocol.ProtocolDescriptor;
import dev.cairn.validator.protocol.ProtocolError;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.io.IOException;
import java.util.Set;

/** Step 4 of DESIGN §9: the protocol files, against the table ({@link ProtocolTable}). */
public final class ProtocolChecks {

  private ProtocolChecks() {}

  /** Checks one {@code protocols/<P…>} member: a valid name, the bytes' hash, a known protocol. */
  public static ProtocolHash check(Member member) {
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
  public static void requireFiles(ProtocolLevels table, Set<ProtocolHash> files) {
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

}
