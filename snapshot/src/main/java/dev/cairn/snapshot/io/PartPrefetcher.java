package dev.cairn.snapshot.io;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.progress.ProgressError;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.OwnedDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A remote split snapshot's parts fetched ahead. The first part streams (checked by the reader
 * as its last byte passes); once the reader is past its first 64 KiB (the source has been
 * opened and the import's target judged: a refused import fetches nothing ahead), up to {@code
 * parallel} next parts download at once,
 * each into a file of a scratch directory this prefetcher owns, its size and SHA-256 checked as
 * its last byte arrives (so a resumed part is checked whole), while the reader consumes the
 * parts in order. A part is deleted as soon as it has been read; the next one is then asked
 * for, so at most {@code parallel} parts wait on disk and memory holds a few buffers. A failed
 * part fails the read of that part, with its own error; closing stops every download and
 * removes the directory.
 */
final class PartPrefetcher implements PartsInput.Opener {

  private final RemoteLocation manifest;
  private final List<SnapshotManifest.Entry> parts;
  private final Remotes remotes;
  private final Path downloadsPath;
  private final int ahead;
  private final Future<?>[] downloads;
  private ExecutorService workers;
  private OwnedDirectory directory;
  private final Set<InputStream> transfers = ConcurrentHashMap.newKeySet();
  private int asked;

  PartPrefetcher(RemoteLocation manifest, List<SnapshotManifest.Entry> parts, Remotes remotes,
      Path downloadsPath) {
    this.manifest = manifest;
    this.parts = List.copyOf(parts);
    this.remotes = remotes;
    this.downloadsPath = downloadsPath;
    this.ahead = Math.min(remotes.options().parallel(), parts.size());
    this.downloads = new Future<?>[parts.size()];
  }

  /** How far into the first part the reader goes before the next parts are fetched. */
  private static final long FIRST_PART_GRACE = 64 << 10;

  @Override
  public PartsInput.Opened open(int index, SnapshotManifest.Entry part) throws IOException {
    if (index == 0) {
      InputStream first = ManifestSource.fetch(remotes, manifest, part.name(), part.size());
      return new PartsInput.Opened(new java.io.FilterInputStream(first) {
        private long read;

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          read += Math.max(n, 0);
          if (read > FIRST_PART_GRACE && workers == null) {
            fetchAhead(1);
          }
          return n;
        }
      }, false);
    }
    // The part before this one has been read and deleted: one more may be fetched.
    fetchAhead(index);
    await(index, part);
    Path file = DataDir.downloadedPart(directory.path(), part.name());
    InputStream in = Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.DELETE_ON_CLOSE));
    return new PartsInput.Opened(new java.io.BufferedInputStream(in, 1 << 16), true);
  }

  /** Starts (once) and asks for the parts from {@code index} to {@code ahead} beyond it. */
  private void fetchAhead(int index) {
    if (workers == null) {
      start();
      asked = Math.max(asked, 1); // the first part streams
    }
    askUpTo(index + ahead);
  }

  private void start() {
    OwnedDirectory.deleteIfAbandoned(downloadsPath);
    directory = OwnedDirectory.create(downloadsPath);
    workers = Executors.newFixedThreadPool(ahead, task -> {
      Thread thread = new Thread(task, "cairn-download");
      thread.setDaemon(true);
      return thread;
    });
  }

  private void askUpTo(int end) {
    for (; asked < Math.min(end, parts.size()); asked++) {
      int index = asked;
      downloads[index] = workers.submit(() -> {
        fetch(parts.get(index));
        return null;
      });
    }
  }

  /** Downloads {@code part} into its file, checked as it arrives. */
  private void fetch(SnapshotManifest.Entry part) {
    Path file = DataDir.downloadedPart(directory.path(), part.name());
    try (InputStream remote = ManifestSource.fetch(remotes, manifest, part.name(),
            part.size());
        DigestedInput checked = new DigestedInput(remote, part.name(), part.size(),
            Optional.of(part.sha256()));
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
      transfers.add(remote);
      if (workers.isShutdown()) {
        return;
      }
      checked.transferTo(out);
      checked.requireComplete();
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(file, "write the downloaded part", e);
    }
  }

  /** Waits for part {@code index}, hearing a request to stop, and passes on its failure. */
  private void await(int index, SnapshotManifest.Entry part) {
    while (true) {
      try {
        downloads[index].get(100, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        if (remotes.cancelled()) {
          throw new ProgressError.Interrupted("stopped while downloading " + part.name())
              .toException();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProgressError.Interrupted("stopped while downloading " + part.name())
            .toException(e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof CairnException typed) {
          throw typed.error().toException(typed);
        }
        throw new SnapshotError.MissingPart(part.name(), CauseText.of(e.getCause()))
            .toException(e.getCause());
      }
    }
  }

  @Override
  public void close() {
    if (workers == null) {
      return;
    }
    for (Future<?> download : downloads) {
      if (download != null) {
        download.cancel(true);
      }
    }
    workers.shutdownNow();
    // A transfer blocked on a socket hears no interrupt: its answer is aborted under it.
    for (InputStream transfer : transfers) {
      try {
        transfer.close();
      } catch (IOException | RuntimeException ignored) {
        // Stopping: how the abort went changes nothing.
      }
    }
    try {
      // Every download stops at its next read (interrupted, its answer aborted): wait for them
      // so that no file is written into the directory after it is removed.
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    directory.close();
  }
}
