package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.NativeFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A split snapshot's parts, read in the manifest's order as one stream. Each part is opened when
 * the one before it is done (without following a link, and refused if it is not a plain file),
 * and is {@link DigestedInput checked} as its last byte passes: a missing part is {@code
 * Missing_part}, a short, long or damaged one {@code Digest_mismatch}, named, before a byte of
 * the next part is read.
 */
final class PartsInput extends InputStream {

  private final Path manifest;
  private final List<SnapshotManifest.Entry> parts;
  private int next;
  private InputStream file;
  private DigestedInput current;

  PartsInput(Path manifest, List<SnapshotManifest.Entry> parts) {
    this.manifest = manifest;
    this.parts = List.copyOf(parts);
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
        open(parts.get(next++));
      }
      int read = current.read(buffer, offset, length);
      if (read >= 0) {
        return read;
      }
      closeCurrent();
    }
  }

  private void open(SnapshotManifest.Entry part) {
    Path path = ManifestFiles.beside(manifest, part.name());
    try {
      file = new BufferedInputStream(Channels.newInputStream(
          NativeFiles.openRegularFile(path)), 1 << 16);
      current = new DigestedInput(file, part.name(), part.size(), Optional.of(part.sha256()));
    } catch (NoSuchFileException e) {
      throw new SnapshotError.MissingPart(part.name(), "it is not beside the manifest "
          + manifest).toException(e);
    } catch (NativeFiles.NotARegularFileException e) {
      throw new SnapshotError.MissingPart(part.name(), "not a plain file").toException(e);
    } catch (IOException e) {
      throw new SnapshotError.MissingPart(part.name(), CauseText.of(e)).toException(e);
    }
  }

  private void closeCurrent() throws IOException {
    current = null;
    file.close();
    file = null;
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      closeCurrent();
    }
  }
}
