package dev.cairn.context.lmdb;

import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextError;
import dev.cairn.context.ObjectSet;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.progress.Progress;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmdbjava.Txn;

/**
 * A planned dump of one commit. The constructor walks the commit once, under one read transaction
 * (a consistent view beside a writer), remembering what it visited in a {@link MappedHashTable} and writing
 * the framed objects to a spool file beside it; {@link #writeTo} then writes the count and copies
 * the spool. One walk instead of two (count, then write) halves the dump's LMDB work, and the read
 * transaction ends with the walk, so a writer beside is held up no longer than that.
 */
final class LmdbDump implements ContextDump {

  private static final int PROGRESS_EVERY = 8192;
  private static final int COPY_BYTES = 1 << 20;
  private static final long WALK_PRESIZE = 1 << 18;

  private final Path spool;
  private long count;
  private long bytes = DumpFormat.HEADER_BYTES;
  private boolean written;

  LmdbDump(ObjectDatabase db, ObjectHash commit, Path scratchParent, Progress progress) {
    this(db, commit, null, scratchParent, progress);
  }

  /**
   * A dump of what {@code commit} reaches outside {@code parent} (a delta), or of all of it if
   * {@code parent} is null: the walk treats an object of {@code parent} as visited, so it never
   * enters a subtree the parent holds.
   */
  LmdbDump(ObjectDatabase db, ObjectHash commit, ObjectSet parent, Path scratchParent,
      Progress progress) {
    this(db, java.util.List.of(commit), parent, scratchParent, progress);
  }

  /**
   * A dump of several commits, in order: the walks share what they visited, so each object
   * comes once, before every object that points at it, and each commit after its tree.
   */
  LmdbDump(ObjectDatabase db, java.util.List<ObjectHash> commits, ObjectSet parent,
      Path scratchParent, Progress progress) {
    MappedHashTable seen = MappedHashTable.createSet(scratchParent);
    VisitedSet visited = parent == null ? seen::add
        : hash -> !parent.contains(hash) && seen.add(hash);
    Path file = null;
    try (seen; Txn<ByteBuffer> txn = db.env.txnRead()) {
      // The walk visits at most what the database holds, and often much less (a node keeps many
      // commits' objects): room for that from the start, up to 2^18 entries (2^19 slots, 16 MB
      // of scratch), beyond which the table grows as the walk really needs.
      seen.presize(Math.min(db.objects.stat(txn).entries, WALK_PRESIZE));
      file = Files.createTempFile(scratchParent, "dump-", ".spool");
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
        for (ObjectHash commit : commits) {
          if (seen.contains(commit.toArray())) {
            throw new IllegalArgumentException("commit " + commit + " is named twice");
          }
          ObjectWalk.walk(commit, hash -> db.load(txn, hash), visited, (hash, encoding) -> {
            try {
              out.writeInt(encoding.length);
              out.write(encoding);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            bytes += DumpFormat.LENGTH_BYTES + encoding.length;
            if (++count % PROGRESS_EVERY == 0) {
              progress.advance(count);
              progress.checkCancelled();
            }
          });
        }
      }
      progress.advance(count);
      this.spool = file;
    } catch (IOException e) {
      deleteQuietly(file);
      throw ContextError.ContextIoFailure.of(scratchParent, "spool a dump in", e);
    } catch (UncheckedIOException e) {
      deleteQuietly(file);
      throw ContextError.ContextIoFailure.of(scratchParent, "spool a dump in", e.getCause());
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  @Override
  public long objectCount() {
    return count;
  }

  @Override
  public long byteLength() {
    return bytes;
  }

  @Override
  public void writeTo(OutputStream out, Progress progress) {
    if (written) {
      throw new IllegalStateException("a dump is written once");
    }
    written = true;
    try (InputStream in = Files.newInputStream(spool)) {
      new DataOutputStream(out).writeLong(count);
      long copied = 0;
      byte[] buffer = new byte[COPY_BYTES];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        copied += read;
        progress.bytes(DumpFormat.HEADER_BYTES + copied);
        progress.checkCancelled();
      }
      out.flush();
      if (DumpFormat.HEADER_BYTES + copied != bytes) {
        throw new ContextError.ContextIoFailure(spool, "copy the dump from",
            "the spool holds " + copied + " bytes, not " + (bytes - DumpFormat.HEADER_BYTES))
            .toException();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress.advance(count);
  }

  @Override
  public InputStream read() {
    try {
      byte[] header = ByteBuffer.allocate(DumpFormat.HEADER_BYTES).putLong(count)
          .array();
      return new SequenceInputStream(new ByteArrayInputStream(header),
          new BufferedInputStream(Files.newInputStream(spool), COPY_BYTES));
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(spool, "read the dump from", e);
    }
  }

  @Override
  public void close() {
    deleteQuietly(spool);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Scratch space: the next open of the context removes it.
      }
    }
  }
}
