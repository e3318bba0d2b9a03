package dev.cairn.snapshot.io;

import com.github.luben.zstd.ZstdInputStream;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.MemberOrder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Reads the Tar layout from a stream, compressed or not. Only plain-file members pass: a link, a
 * directory, a device or a FIFO is {@code Invalid_snapshot_member}, as is any name off the
 * allow-list, which is also resolved against a throwaway root to refuse any escape. Every
 * header's checksum is verified, and after the end-of-archive records only zero padding may
 * follow. Compressed input is bounded by {@link ExpansionGuard}, extended headers by {@link
 * HeaderBudget}.
 */
final class TarSource implements SnapshotSource {

  /** The first four bytes of every zstd frame. */
  private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};
  private static final Path NOWHERE = Path.of("/nonexistent-snapshot-root").normalize();
  /**
   * What may follow the two end-of-archive records: the rest of a block of 20 records, as GNU
   * tar pads an archive.
   */
  private static final int MAX_PADDING = TarConstants.DEFAULT_BLKSIZE
      - 2 * TarConstants.DEFAULT_RCDSIZE;

  private final InputStream raw;
  private final Layout layout;
  private final HeaderBudget budget;
  private final TarArchiveInputStream tar;
  private final MemberOrder order = new MemberOrder();
  private MemberKind last = MemberKind.VERSION;
  /** Whole zero records read where a header was expected: an archive ends with two. */
  private int endRecords;
  /** The member being read, to bound what skipping its rest may take. */
  private MemberInput current;

  private TarSource(InputStream raw, HeaderBudget budget, Layout layout) {
    this.layout = layout;
    this.raw = raw;
    this.budget = budget;
    this.tar = new CheckedTarInput(budget);
  }

  /**
   * commons-compress's reader, with every header record's checksum verified (it does not): a
   * damaged header is refused rather than read as whatever its bytes now say.
   */
  private final class CheckedTarInput extends TarArchiveInputStream {
    CheckedTarInput(InputStream in) {
      // Blocks of one record: the reader then skips nothing after the end-of-archive records
      // (with 20, it would skip the rest of a block unread); requireOnlyPadding reads that.
      super(in, TarConstants.DEFAULT_RCDSIZE);
    }

    @Override
    protected byte[] readRecord() throws IOException {
      byte[] record = super.readRecord(); // null: the input ended before a whole record
      if (record == null || record.length != TarConstants.DEFAULT_RCDSIZE) {
        return null;
      }
      if (isEOFRecord(record)) {
        endRecords++;
      } else if (!TarUtils.verifyCheckSum(record)) {
        throw new SnapshotError.InvalidSnapshotMember("(tar header)", "a header whose "
            + "checksum does not match, after " + last.memberName()).toException();
      }
      return record;
    }
  }

  /**
   * Wraps {@code in} (which must support mark), detecting zstd by its magic number and a tar by
   * its header's {@code ustar} magic (anything else, or nothing, is {@code Not_a_snapshot}) and
   * checksum (a damaged tar is {@code Invalid_snapshot_member}). {@code in} is the source's from
   * here on: closed with it, or at once if it cannot be opened (its reading may already have
   * started downloads or fetched parts ahead).
   */
  static TarSource of(BufferedInputStream in, String description) {
    try {
      return detect(in, description);
    } catch (RuntimeException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static TarSource detect(BufferedInputStream in, String description) {
    try {
      in.mark(4);
      byte[] magic = in.readNBytes(4);
      in.reset();
      if (magic.length == 0) {
        throw new SnapshotError.NotASnapshot(description, "empty").toException();
      }
      InputStream body = in;
      Layout layout = Layout.TAR;
      if (startsWithZstdMagic(magic, magic.length)) {
        ExpansionGuard.Counted counted = new ExpansionGuard.Counted(in);
        body = new BufferedInputStream(new ExpansionGuard(new BufferedInputStream(
            new ZstdInputStream(counted), 1 << 16), counted), TarConstants.DEFAULT_RCDSIZE * 2);
        layout = Layout.TAR_ZSTD;
      }
      requireTarHeader(body, description, layout);
      return new TarSource(in, new HeaderBudget(body), layout);
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, description + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  /** The first record must be a tar header: the ustar magic, then a matching checksum. */
  private static void requireTarHeader(InputStream body, String description, Layout layout)
      throws IOException {
    body.mark(TarConstants.DEFAULT_RCDSIZE);
    byte[] header = body.readNBytes(TarConstants.DEFAULT_RCDSIZE);
    body.reset();
    boolean ustar = header.length == TarConstants.DEFAULT_RCDSIZE
        && new String(header, TarConstants.MAGIC_OFFSET, TarConstants.MAGICLEN - 1,
            StandardCharsets.US_ASCII).equals("ustar");
    if (ustar && !TarUtils.verifyCheckSum(header)) {
      throw new SnapshotError.InvalidSnapshotMember("(tar header)", "the first header's "
          + "checksum does not match: a damaged tar archive").toException();
    }
    if (!ustar) {
      throw new SnapshotError.NotASnapshot(description, layout == Layout.TAR_ZSTD
          ? "a zstd stream that does not hold a tar archive"
          : "neither a tar, a zstd stream nor a Raw directory").toException();
    }
  }

  @Override
  public Layout layout() {
    return layout;
  }

  @Override
  public Optional<Member> next() {
    TarArchiveEntry entry;
    long rest = current == null ? 0 : current.remaining();
    budget.limit(rest + 511 + 512 + HeaderBudget.HEADER_BYTES);
    try {
      entry = tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new SnapshotError.CannotRead(SnapshotSource.partOf(last), "the archive breaks off "
          + "or is not a tar archive after " + last.memberName() + ": " + CauseText.of(e))
          .toException(e);
    }
    budget.unlimited();
    if (entry == null) {
      requireOnlyPadding();
      return Optional.empty();
    }
    String name = entry.getName();
    String shown = MemberName.printable(name);
    if (entry.isSymbolicLink() || entry.isLink()) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "a link to '"
          + MemberName.printable(entry.getLinkName()) + "': members must be plain files")
          .toException();
    }
    if (!entry.isFile() || entry.isDirectory() || entry.isCharacterDevice()
        || entry.isBlockDevice() || entry.isFIFO() || entry.isSparse()
        || (entry.getLinkFlag() != TarConstants.LF_NORMAL
            && entry.getLinkFlag() != TarConstants.LF_OLDNORM)) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "not a plain file (tar type '"
          + (char) entry.getLinkFlag() + "')").toException();
    }
    if (name.indexOf('\0') >= 0) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "a name with a NUL byte")
          .toException();
    }
    try {
      entry.resolveIn(NOWHERE);
    } catch (IOException | InvalidPathException e) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "escapes the snapshot").toException(e);
    }
    MemberName member = MemberName.parse(name);
    order.accept(member);
    last = member.kind();
    if (entry.getSize() < 0) {
      throw new SnapshotError.InvalidSnapshotMember(shown, "a negative size").toException();
    }
    current = new MemberInput(tar, member, entry.getSize());
    return Optional.of(new Member(member, entry.getSize(), current));
  }

  /**
   * After the end-of-archive records, only zeros up to the end of the last record may follow: a
   * second archive appended, or anything else, is not part of this snapshot.
   */
  private void requireOnlyPadding() {
    if (endRecords < 2) {
      throw new SnapshotError.CannotRead(SnapshotSource.partOf(last), "the archive ends "
          + "without its two end-of-archive records after " + last.memberName() + ": cut short, "
          + "or followed by bytes that are no tar").toException();
    }
    byte[] buffer = new byte[TarConstants.DEFAULT_RCDSIZE];
    long seen = 0;
    try {
      for (int read = budget.read(buffer); read >= 0; read = budget.read(buffer)) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] != 0) {
            long at = seen + i;
            throw trailing("data after the end of the archive: a non-zero byte "
                + (at == 0 ? "right after its end-of-archive records"
                    : at + " bytes after its end-of-archive records"));
          }
        }
        seen += read;
        if (seen > MAX_PADDING) {
          throw trailing("more than " + MAX_PADDING + " bytes of padding after the end of "
              + "the archive");
        }
      }
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotSource.partOf(last), "after the end of the "
          + "archive: " + CauseText.of(e)).toException(e);
    }
  }

  private static RuntimeException trailing(String what) {
    return new SnapshotError.InvalidSnapshotMember("(end of archive)", what).toException();
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

  /** Whether the first {@code read} bytes of {@code start} begin a zstd stream. */
  static boolean startsWithZstdMagic(byte[] start, int read) {
    return read >= ZSTD_MAGIC.length
        && Arrays.equals(start, 0, ZSTD_MAGIC.length, ZSTD_MAGIC, 0, ZSTD_MAGIC.length);
  }
}
