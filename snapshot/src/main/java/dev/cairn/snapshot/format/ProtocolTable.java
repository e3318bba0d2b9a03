package dev.cairn.snapshot.format;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code protocol_levels} member: the table of protocol levels, and the hash of the member's
 * bytes (which {@code block_data} binds).
 */
public record ProtocolTable(ProtocolLevels levels, Bytes memberHash) {

  /** Reads the member of {@code size} bytes, which must hold {@code expectedRows} rows. */
  public static ProtocolTable read(InputStream in, long size, int expectedRows) {
    if (size > ProtocolLevels.MAX_ENCODED_BYTES) {
      throw cannotRead(size + " bytes, more than any table");
    }
    try {
      byte[] bytes = new byte[(int) size];
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != size) {
        throw cannotRead("ends after " + read + " of " + size + " bytes");
      }
      ProtocolLevels table = ProtocolLevels.decode(BinaryReader.of(bytes, "protocol_levels"));
      if (table.rows().size() != expectedRows) {
        throw cannotRead(table.rows().size() + " rows, metadata.json says " + expectedRows);
      }
      return new ProtocolTable(table, Bytes.copyOf(Blake2b.digest256(bytes)));
    } catch (IOException e) {
      throw cannotRead(CauseText.of(e));
    } catch (CairnException e) {
      if (e.error() instanceof SnapshotError) {
        throw e;
      }
      throw cannotRead(e.error().details());
    }
  }

  private static RuntimeException cannotRead(String reason) {
    return new SnapshotError.CannotRead(SnapshotError.Part.PROTOCOL_TABLE, reason).toException();
  }
}
