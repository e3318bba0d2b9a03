package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberName;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A member's bytes: at most its declared size, and a failure underneath (a truncated archive, a
 * corrupt compressed frame) turned into {@code Cannot_read} of the member's kind.
 */
final class MemberInput extends FilterInputStream {

  private final MemberName name;
  private long remaining;

  MemberInput(InputStream in, MemberName name, long size) {
    super(in);
    this.name = name;
    this.remaining = size;
  }

  /** The member's bytes not read yet. */
  long remaining() {
    return remaining;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = guarded(() -> in.read());
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining <= 0) {
      return length == 0 ? 0 : -1;
    }
    int read = guarded(() -> in.read(buffer, offset, (int) Math.min(length, remaining)));
    if (read > 0) {
      remaining -= read;
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = guarded(() -> (int) in.skip(Math.min(Math.min(n, remaining), 1 << 30)));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(remaining, guarded(in::available));
  }

  @Override
  public void close() {
    // the archive goes on after this member; the source closes it
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private interface Read {
    int run() throws IOException;
  }

  private int guarded(Read read) {
    try {
      return read.run();
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotSource.partOf(name.kind()), name.path() + ": "
          + CauseText.of(e)).toException(e);
    }
  }
}
