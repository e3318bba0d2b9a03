package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Bytes that must be exactly those a manifest lists: {@code size} of them, whose SHA-256 (if
 * given) is checked as the last one passes. A byte beyond {@code size}, or an end before it, is
 * {@code Digest_mismatch} naming {@code what}, at once; so is a digest that differs. The digest
 * is computed over the bytes as they are read, never in a second pass.
 */
final class DigestedInput extends FilterInputStream {

  private final String what;
  private final long size;
  private final Optional<Sha256> expected;
  private final MessageDigest digest = Sha256.digester();
  private long count;
  private boolean checked;

  DigestedInput(InputStream in, String what, long size, Optional<Sha256> expected) {
    super(in);
    this.what = what;
    this.size = size;
    this.expected = expected;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int read = in.read(buffer, offset, length);
    if (read < 0) {
      if (count < size) {
        throw new SnapshotError.DigestMismatch(what, size + " bytes", "only " + count)
            .toException();
      }
      return -1;
    }
    if (count + read > size) {
      throw new SnapshotError.DigestMismatch(what, size + " bytes", "more").toException();
    }
    digest.update(buffer, offset, read);
    count += read;
    if (count == size) {
      check();
    }
    return read;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    Sha256 found = Sha256.of(digest);
    if (expected.isPresent() && !expected.get().equals(found)) {
      throw new SnapshotError.DigestMismatch(what, "SHA-256 " + expected.get(), found.toHex())
          .toException();
    }
  }

  /**
   * Requires that every byte was read and nothing follows: what is left is read through the
   * checks, then one more read must find the end.
   */
  void requireComplete() {
    byte[] buffer = new byte[8192];
    try {
      while (read(buffer, 0, buffer.length) >= 0) {
        // each read is checked as it passes
      }
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, what + ": "
          + CauseText.of(e)).toException(e);
    }
    check();
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }
}
