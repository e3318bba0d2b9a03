package dev.cairn.snapshot.io;

import com.github.luben.zstd.ZstdInputStream;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.MemberOrder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the Tar layout from a stream, compressed or not. Only plain-file members pass: a link, a
 * directory, a device or a FIFO is {@code Invalid_snapshot_member}, as is any name off the
 * allow-list, which is also resolved against a throwaway root to refuse any escape. Compressed
 * input is bounded by {@link ExpansionGuard}.
 */
final class TarSource implements SnapshotSource {

  private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};
  private static final Path NOWHERE = Path.of("/nonexistent-snapshot-root").normalize();

  private final String description;
  private final InputStream raw;
  private final TarArchiveInputStream tar;
  private final MemberOrder order = new MemberOrder();
  private MemberKind last = MemberKind.VERSION;

  private TarSource(String description, InputStream raw, TarArchiveInputStream tar) {
    this.description = description;
    this.raw = raw;
    this.tar = tar;
  }

  /** Wraps {@code in} (which must support mark), detecting zstd by its magic number. */
  static TarSource of(BufferedInputStream in, String description) {
    try {
      in.mark(4);
      byte[] magic = in.readNBytes(4);
      in.reset();
      InputStream body = in;
      if (java.util.Arrays.equals(magic, ZSTD_MAGIC)) {
        ExpansionGuard.Counted counted = new ExpansionGuard.Counted(in);
        body = new ExpansionGuard(new BufferedInputStream(new ZstdInputStream(counted), 1 << 16),
            counted);
      }
      return new TarSource(description, in, new TarArchiveInputStream(body));
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, description + ": "
          + e.getMessage()).toException(e);
    }
  }

  @Override
  public Optional<Member> next() {
    TarArchiveEntry entry;
    try {
      entry = tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new SnapshotError.CannotRead(SnapshotSource.partOf(last), "the archive breaks off "
          + "or is not a tar archive after " + last.memberName() + ": " + e.getMessage())
          .toException(e);
    }
    if (entry == null) {
      return Optional.empty();
    }
    String name = entry.getName();
    String shown = MemberName.printable(name);
    if (entry.isSymbolicLink() || entry.isLink()) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "a link to '"
          + MemberName.printable(entry.getLinkName()) + "': members must be plain files")
          .toException();
    }
    if (!entry.isFile() || entry.isDirectory()) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "not a plain file").toException();
    }
    try {
      entry.resolveIn(NOWHERE);
    } catch (IOException e) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "escapes the snapshot").toException(e);
    }
    MemberName member = MemberName.parse(name);
    order.accept(member);
    last = member.kind();
    if (entry.getSize() < 0) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "a negative size").toException();
    }
    return Optional.of(new Member(member, entry.getSize(),
        new MemberInput(tar, member, entry.getSize())));
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    try {
      tar.close();
      raw.close();
    } catch (IOException e) {
      // nothing was written; a read that failed has already reported it
    }
  }
}
