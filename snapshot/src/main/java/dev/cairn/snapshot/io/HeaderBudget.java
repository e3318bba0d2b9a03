package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds what the tar reader may consume between two members. commons-compress reads a GNU long
 * name or a PAX header whole into memory, limited only by the size its header claims; so while
 * the reader looks for the next member, this stream lets through only what is left of the
 * current member (and its padding), one header block, and {@link #HEADER_BYTES} for extended
 * headers: a hostile archive gets {@code Invalid_snapshot_member}, not an exhausted heap. While a
 * member's own bytes are read, nothing is counted (the member's reader bounds them).
 */
final class HeaderBudget extends FilterInputStream {

  /** Room for PAX and long-name headers between two members; real ones take a few hundred bytes. */
  static final long HEADER_BYTES = 1 << 20;

  private long budget = Long.MAX_VALUE;

  HeaderBudget(InputStream in) {
    super(in);
  }

  /** From now until {@link #unlimited}, at most {@code bytes} may be read. */
  void limit(long bytes) {
    budget = bytes;
  }

  void unlimited() {
    budget = Long.MAX_VALUE;
  }

  @Override
  public int read() throws IOException {
    spend(1);
    return in.read();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read = in.read(buffer, offset, (int) Math.min(length, Math.max(1, budget)));
    if (read > 0) {
      spend(read);
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, Math.max(1, budget)));
    spend(skipped);
    return skipped;
  }

  private void spend(long bytes) {
    if (budget == Long.MAX_VALUE) {
      return;
    }
    budget -= bytes;
    if (budget < 0) {
      throw new SnapshotError.InvalidSnapshotMember("(tar header)", "extended headers larger "
          + "than " + HEADER_BYTES + " bytes between two members").toException();
    }
  }
}
