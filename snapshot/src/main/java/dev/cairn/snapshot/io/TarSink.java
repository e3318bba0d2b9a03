package dev.cairn.snapshot.io;

import com.github.luben.zstd.ZstdOutputStream;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberName;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The Tar layout: one POSIX tar file, optionally one zstd frame around all of it. Every member
 * is a plain file with mode 0644, owner 0:0 without names, modification time 0; long names and
 * sizes past 8 GiB take PAX headers. So the same members give the same bytes.
 */
final class TarSink implements SnapshotSink {

  /** Fast enough to keep pace with the disk; the benchmark compares with {@code zstd -1 -T2}. */
  static final int ZSTD_LEVEL = 1;

  private final Path destination;
  private final Path tmp;
  private final FileChannel channel;
  private final CountingOutput counted;
  private final TarArchiveOutputStream tar;
  private boolean committed;

  TarSink(Path staged, Path destination, boolean zstd) {
    this.destination = destination;
    this.tmp = staged;
    FileChannel opened = null;
    try {
      opened = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      channel = opened;
      counted = new CountingOutput(Channels.newOutputStream(channel));
      OutputStream buffered = new BufferedOutputStream(counted, 1 << 16);
      OutputStream body = buffered;
      if (zstd) {
        ZstdOutputStream compressed = new ZstdOutputStream(buffered, ZSTD_LEVEL);
        compressed.setWorkers(2);
        compressed.setChecksum(true);
        body = compressed;
      }
      tar = new TarArchiveOutputStream(body);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    } catch (IOException e) {
      if (opened != null) {
        try {
          opened.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      SinkFiles.deleteTree(tmp);
      throw SnapshotError.SnapshotIoFailure.of(tmp, "create", e);
    }
  }

  @Override
  public void add(MemberName name, long size, MemberWriter content) {
    TarArchiveEntry entry = new TarArchiveEntry(name.path(), true);
    entry.setSize(size);
    entry.setMode(0100644);
    entry.setModTime(0);
    entry.setIds(0, 0);
    entry.setUserName("");
    entry.setGroupName("");
    try {
      tar.putArchiveEntry(entry);
      CountingOutput member = new CountingOutput(tar);
      content.writeTo(member);
      member.flush();
      if (member.count() != size) {
        throw new IllegalStateException(name + ": wrote " + member.count() + " bytes, declared "
            + size);
      }
      tar.closeArchiveEntry();
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
      throw SnapshotError.SnapshotIoFailure.of(tmp, "write " + name + " to", cause);
    }
  }

  @Override
  public long bytesWritten() {
    return counted.count();
  }

  @Override
  public void commit() {
    try {
      tar.finish();
      tar.close(); // closes the zstd frame and flushes the buffer; the counter keeps the channel
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(tmp, "finish", e);
    }
    SinkFiles.publish(tmp, destination);
    committed = true;
  }

  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // the file is removed next, whatever state it is in
    }
    SinkFiles.deleteTree(tmp);
  }
}
