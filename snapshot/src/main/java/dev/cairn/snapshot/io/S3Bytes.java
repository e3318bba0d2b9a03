package dev.cairn.snapshot.io;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Sha256;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.S3ObjectWriter;
import dev.cairn.snapshot.remote.S3Uploads;
import dev.cairn.store.hash.BlockHash;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A tar snapshot's bytes uploaded to S3 as they are written: one object at the destination's
 * key, or, split, one object per part beside it ({@code NAME.<block>.part-00000}, …), each a
 * streaming multipart upload, digested (SHA-256 of the whole and of each part) as the bytes
 * pass. The manifest is put last, once every object is complete, so a reader never finds a
 * manifest whose objects are not all there. Discarding aborts the upload in progress and deletes
 * the objects already complete.
 */
final class S3Bytes extends OutputStream implements TarSink.Bytes {

  private final S3Uploads uploads;
  private final RemoteLocation.S3 destination;
  private final BlockHash block;
  private final long splitSize;
  private final MessageDigest whole = Sha256.digester();
  private final MessageDigest part = Sha256.digester();
  private final List<SnapshotManifest.Entry> parts = new ArrayList<>();
  private final List<S3ObjectWriter> objects = new ArrayList<>();
  private S3ObjectWriter current;
  private long partBytes;
  private long size;

  S3Bytes(S3Uploads uploads, RemoteLocation.S3 destination, BlockHash block,
      OptionalLong splitSize) {
    this.uploads = uploads;
    this.destination = destination;
    this.block = block;
    this.splitSize = splitSize.orElse(Long.MAX_VALUE);
    open(splitSize.isPresent() ? destination.beside(partName(0)) : destination);
  }

  private String partName(int index) {
    return SnapshotManifest.partName(destination.fileName(), block, index);
  }

  private void open(RemoteLocation.S3 location) {
    current = uploads.object(location);
    objects.add(current);
  }

  @Override
  public OutputStream stream() {
    return this;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    while (length > 0) {
      if (partBytes == splitSize) {
        nextPart();
      }
      int chunk = (int) Math.min(length, splitSize - partBytes);
      try {
        current.write(bytes, offset, chunk);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      whole.update(bytes, offset, chunk);
      part.update(bytes, offset, chunk);
      partBytes += chunk;
      size += chunk;
      offset += chunk;
      length -= chunk;
    }
  }

  private void nextPart() {
    completePart();
    if (parts.size() == SnapshotManifest.MAX_ENTRIES) {
      throw new SnapshotError.InvalidExportPath(destination.display(), "it would take more "
          + "than " + SnapshotManifest.MAX_ENTRIES + " parts of " + splitSize + " bytes: "
          + "choose a larger --split-size").toException();
    }
    open(destination.beside(partName(parts.size())));
  }

  private void completePart() {
    current.complete();
    if (splitSize != Long.MAX_VALUE) {
      parts.add(new SnapshotManifest.Entry(partName(parts.size()), partBytes,
          Sha256.of(part)));
    }
    partBytes = 0;
  }

  @Override
  public void finish() {
    completePart();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Sha256 sha256() {
    return Sha256.of(whole);
  }

  @Override
  public List<SnapshotManifest.Entry> parts() {
    return List.copyOf(parts);
  }

  @Override
  public void publish(SnapshotSink.Written written, byte[] manifest) {
    uploads.put(destination.beside(destination.fileName() + SnapshotManifest.FILE_SUFFIX),
        manifest);
  }

  @Override
  public void discard() {
    for (S3ObjectWriter object : objects) {
      object.abort();
    }
  }
}
