package dev.cairn.snapshot.io;

import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.S3ObjectWriter;
import dev.cairn.snapshot.remote.S3Uploads;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.io.OutputStream;
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
final class S3Bytes extends PartedOutput implements TarSink.Bytes {

  private final S3Uploads uploads;
  private final RemoteLocation.S3 destination;
  private final List<S3ObjectWriter> objects = new ArrayList<>();
  private S3ObjectWriter current;
  private boolean manifestPut;

  S3Bytes(S3Uploads uploads, RemoteLocation.S3 destination, BlockHash block,
      OptionalLong splitSize) {
    super(destination.display(), index -> SnapshotManifest.partName(destination.fileName(),
        block, index), splitSize);
    this.uploads = uploads;
    this.destination = destination;
    open(splitSize.isPresent() ? destination.beside(partName(0)) : destination);
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
  void emit(byte[] bytes, int offset, int length) throws IOException {
    current.write(bytes, offset, length);
  }

  @Override
  void beginPart(int index) {
    open(destination.beside(partName(index)));
  }

  @Override
  void endCurrent() {
    current.complete();
  }

  @Override
  public void finish() {
    try {
      endPart();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void publish(SnapshotSink.Written written, byte[] manifest) {
    manifestPut = true;
    uploads.put(destination.beside(destination.fileName() + SnapshotManifest.FILE_SUFFIX),
        manifest);
  }

  @Override
  public void discard() {
    // The manifest first (if its put was even tried): never a manifest without its objects.
    if (manifestPut) {
      uploads.deleteQuietly(destination.beside(destination.fileName()
          + SnapshotManifest.FILE_SUFFIX));
    }
    for (S3ObjectWriter object : objects) {
      object.abort();
    }
  }
}
