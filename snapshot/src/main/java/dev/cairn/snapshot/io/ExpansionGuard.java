package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds a decompression stream: once it has produced more than {@link #MAX_RATIO} times the
 * compressed bytes it consumed (plus a margin for small inputs), it fails. A real snapshot
 * compresses a few times at most; a stream of zeros compresses tens of thousands of times, and
 * would otherwise feed a reader without end.
 */
final class ExpansionGuard extends FilterInputStream {

  static final long MAX_RATIO = 1000;
  static final long MARGIN = 64L << 20;

  private final Counted compressed;
  private long produced;

  ExpansionGuard(InputStream decompressed, Counted compressed) {
    super(decompressed);
    this.compressed = compressed;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      account(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read = in.read(buffer, offset, length);
    if (read > 0) {
      account(read);
    }
    return read;
  }

  private void account(long bytes) {
    produced += bytes;
    if (produced > MARGIN && produced > MAX_RATIO * compressed.count) {
      throw new SnapshotError.InvalidSnapshotMember("(zstd stream)", "expands more than "
          + MAX_RATIO + "-fold (" + produced + " bytes from " + compressed.count
          + "): refused as a decompression bomb").toException();
    }
  }

  /** Counts the compressed bytes read. */
  static final class Counted extends FilterInputStream {
    private long count;

    Counted(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = in.read(buffer, offset, length);
      if (read > 0) {
        count += read;
      }
      return read;
    }
  }
}
