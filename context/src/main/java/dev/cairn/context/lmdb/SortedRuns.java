package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ObjectHash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * An external sort of objects by hash, so that a restore fills LMDB in key order. LMDB appends
 * sorted keys to the end of its B-tree ({@code MDB_APPEND}) several times faster than it inserts
 * random ones, and leaves its pages full. Objects are buffered on the heap up to a bound, sorted and
 * spilled to a run file; at the end the runs (and the last buffer) are merged into LMDB.
 *
 * <p>Run file: repeated {@code hash 32 · u32 length · encoding}. The heap holds one buffer and, while
 * merging, one object per run.
 */
final class SortedRuns implements AutoCloseable {

  private static final long BUFFER_BYTES = 24L << 20;
  /** What an object costs on the heap beyond its encoding: two arrays and a record. */
  private static final int OVERHEAD = 112;
  private static final int APPENDS_PER_TRANSACTION = 200_000;
  private static final Comparator<Item> BY_HASH =
      (a, b) -> Arrays.compareUnsigned(a.hash, b.hash);

  private record Item(byte[] hash, byte[] encoding) {}

  private final Path dir;
  private final List<Path> runs = new ArrayList<>();
  private List<Item> buffer = new ArrayList<>();
  private long buffered;

  SortedRuns(Path scratchParent) {
    this.dir = ScratchDirectory.create(scratchParent);
  }

  void add(byte[] hash, byte[] encoding) {
    buffer.add(new Item(hash, encoding));
    buffered += encoding.length + OVERHEAD;
    if (buffered >= BUFFER_BYTES) {
      spill();
    }
  }

  private void spill() {
    buffer.sort(BY_HASH);
    Path run = dir.resolve("run-" + runs.size());
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
      for (Item item : buffer) {
        out.write(item.hash);
        out.writeInt(item.encoding.length);
        out.write(item.encoding);
      }
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(run, "write", e).toException(e);
    }
    runs.add(run);
    buffer = new ArrayList<>();
    buffered = 0;
  }

  /** Merges everything into {@code db}, which must be empty; returns the number of objects. */
  long writeTo(ObjectDatabase db) {
    buffer.sort(BY_HASH);
    PriorityQueue<Source> sources = new PriorityQueue<>(
        (a, b) -> Arrays.compareUnsigned(a.current.hash, b.current.hash));
    List<Source> opened = new ArrayList<>();
    try {
      for (Path run : runs) {
        opened.add(new RunSource(run));
      }
      opened.add(new BufferSource(buffer));
      for (Source source : opened) {
        if (source.advance()) {
          sources.add(source);
        }
      }
      long written = 0;
      Txn<ByteBuffer> txn = db.env.txnWrite();
      try {
        while (!sources.isEmpty()) {
          Source next = sources.poll();
          Item item = next.current;
          db.objects.reserve(txn, ObjectDatabase.key(item.hash), item.encoding.length,
              PutFlags.MDB_APPEND).put(item.encoding);
          if (++written % APPENDS_PER_TRANSACTION == 0) {
            txn.commit();
            txn.close();
            txn = db.env.txnWrite();
          }
          if (next.advance()) {
            sources.add(next);
          }
        }
        txn.commit();
      } finally {
        txn.close();
      }
      return written;
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(dir, "merge the restore's runs in", e).toException(e);
    } finally {
      for (Source source : opened) {
        source.close();
      }
    }
  }

  @Override
  public void close() {
    buffer = List.of();
    ScratchDirectory.delete(dir);
  }

  private abstract static class Source {
    Item current;

    abstract boolean advance() throws IOException;

    void close() {}
  }

  private static final class BufferSource extends Source {
    private final List<Item> items;
    private int next;

    BufferSource(List<Item> items) {
      this.items = items;
    }

    @Override
    boolean advance() {
      current = next < items.size() ? items.get(next++) : null;
      return current != null;
    }
  }

  private static final class RunSource extends Source {
    private final DataInputStream in;

    RunSource(Path run) throws IOException {
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
    }

    @Override
    boolean advance() throws IOException {
      byte[] hash = new byte[ObjectHash.LENGTH];
      try {
        in.readFully(hash);
      } catch (EOFException end) {
        current = null;
        return false;
      }
      byte[] encoding = new byte[in.readInt()];
      in.readFully(encoding);
      current = new Item(hash, encoding);
      return true;
    }

    @Override
    void close() {
      try {
        in.close();
      } catch (IOException e) {
        // Scratch: deleted with the directory.
      }
    }
  }
}
