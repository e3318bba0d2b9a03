package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.NativeFiles;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A split snapshot's parts, read in the manifest's order as one stream. Each part is opened when
 * the one before it is done, by an {@link Opener} (files beside a local manifest; downloads,
 * streamed or fetched ahead), and is {@link DigestedInput checked} as its last byte passes (or
 * was, by an opener that checks what it fetched): a missing part is {@code Missing_part}, a
 * short, long or damaged one {@code Digest_mismatch}, named, before a byte of the next part is
 * read.
 */
final class PartsInput extends InputStream {

  /** Where parts come from. */
  interface Opener extends Closeable {

    /** Part {@code index} of the manifest, {@code part}. */
    Opened open(int index, SnapshotManifest.Entry part) throws IOException;

    @Override
    default void close() {}
  }

  /** An opened part: its bytes, and whether the opener has already checked them whole. */
  record Opened(InputStream in, boolean checked) {}

  private final List<SnapshotManifest.Entry> parts;
  private final Opener opener;
  private int next;
  private InputStream file;
  private InputStream current;

  PartsInput(List<SnapshotManifest.Entry> parts, Opener opener) {
    this.parts = List.copyOf(parts);
    this.opener = opener;
  }

  /** The parts beside the local manifest {@code manifest}, opened without following a link. */
  static Opener besideFile(Path manifest) {
    return (index, part) -> {
      Path path = ManifestFiles.beside(manifest, part.name());
      try {
        return new Opened(new BufferedInputStream(Channels.newInputStream(
            NativeFiles.openRegularFile(path)), 1 << 16), false);
      } catch (NoSuchFileException e) {
        throw new SnapshotError.MissingPart(part.name(), "it is not beside the manifest "
            + manifest).toException(e);
      } catch (NativeFiles.NotARegularFileException e) {
        throw new SnapshotError.MissingPart(part.name(), "not a plain file").toException(e);
      } catch (IOException e) {
        throw new SnapshotError.MissingPart(part.name(), CauseText.of(e)).toException(e);
      }
    };
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
    while (true) {
      if (current == null) {
        if (next == parts.size()) {
          return -1;
        }
        SnapshotManifest.Entry part = parts.get(next);
        Opened opened = opener.open(next++, part);
        file = opened.in();
        current = opened.checked() ? file
            : new DigestedInput(file, part.name(), part.size(), Optional.of(part.sha256()));
      }
      int read = current.read(buffer, offset, length);
      if (read >= 0) {
        return read;
      }
      closeCurrent();
    }
  }

  private void closeCurrent() throws IOException {
    current = null;
    file.close();
    file = null;
  }

  @Override
  public void close() throws IOException {
    try {
      if (file != null) {
        closeCurrent();
      }
    } finally {
      opener.close();
    }
  }
}
