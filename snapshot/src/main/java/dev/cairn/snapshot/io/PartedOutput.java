package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SnapshotManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * A tar snapshot's bytes on their way out, as one stream or cut into parts of {@code splitSize}
 * bytes (the last one shorter), each part and the whole digested (SHA-256) as they pass, once:
 * the manifest's digests are of the bytes that were written, never read back. Where the bytes go
 * is the subclass's: files in the staging directory ({@link DigestedFiles}) or S3 objects
 * ({@link S3Bytes}). A subclass opens its first file or object in its constructor.
 */
abstract class PartedOutput extends OutputStream {

  private final String shown;
  private final IntFunction<String> partNames;
  private final long splitSize;
  private final MessageDigest whole = Sha256.digester();
  private final MessageDigest part = Sha256.digester();
  private final List<SnapshotManifest.Entry> parts = new ArrayList<>();
  private long partBytes;
  private long size;

  /** {@code shown} names the snapshot in messages; parts are named by {@code partNames}. */
  PartedOutput(String shown, IntFunction<String> partNames, OptionalLong splitSize) {
    this.shown = shown;
    this.partNames = partNames;
    this.splitSize = splitSize.orElse(Long.MAX_VALUE);
  }

  /** Whether the bytes are cut into parts. */
  final boolean split() {
    return splitSize != Long.MAX_VALUE;
  }

  /** The name of part {@code index}. */
  final String partName(int index) {
    return partNames.apply(index);
  }

  /** Writes {@code length} bytes to the current file or object. */
  abstract void emit(byte[] bytes, int offset, int length) throws IOException;

  /** Ends the current file or object: synced, or complete. */
  abstract void endCurrent() throws IOException;

  /** Begins part {@code index}. */
  abstract void beginPart(int index) throws IOException;

  @Override
  public final void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public final void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (partBytes == splitSize) {
        endPart();
        if (parts.size() == SnapshotManifest.MAX_ENTRIES) {
          throw new SnapshotError.InvalidExportPath(shown, "it would take more than "
              + SnapshotManifest.MAX_ENTRIES + " parts of " + splitSize + " bytes: choose a "
              + "larger --split-size").toException();
        }
        beginPart(parts.size());
      }
      int chunk = (int) Math.min(length, splitSize - partBytes);
      emit(bytes, offset, chunk);
      whole.update(bytes, offset, chunk);
      if (split()) { // unsplit, the one part is the whole: hashed once, not twice
        part.update(bytes, offset, chunk);
      }
      partBytes += chunk;
      size += chunk;
      offset += chunk;
      length -= chunk;
    }
  }

  /** Ends the current part, and lists it. */
  final void endPart() throws IOException {
    endCurrent();
    if (split()) {
      parts.add(new SnapshotManifest.Entry(partName(parts.size()), partBytes, Sha256.of(part)));
    }
    partBytes = 0;
  }

  public long size() {
    return size;
  }

  public Sha256 sha256() {
    return Sha256.of(whole);
  }

  /** The parts, in order; empty if not split. */
  public List<SnapshotManifest.Entry> parts() {
    return List.copyOf(parts);
  }
}
