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
 * <p>Run file: repeated {@code hash 32 · u32 length · encoding}. The heap holds the buffer and, while
 * merging, two 64 KiB arrays per run, at most {@link #FAN_IN} runs at once (more runs are merged in
 * passes first); objects are copied from run to LMDB in chunks, never held whole.
 */
final class SortedRuns implements AutoCloseable {

  /** 24 MiB, or an eighth of the heap if that is less (beside the reader's eighth in flight). */
  private static final long BUFFER_BYTES = Math.min(24L << 20,
      Runtime.getRuntime().maxMemory() / 8);
  /** What an object costs on the heap beyond its encoding: two arrays and a record. */
  private static final int OVERHEAD = 112;
  private static final int APPENDS_PER_TRANSACTION = 200_000;
  /** Runs merged at once: each costs a 64 KiB buffer and a 64 KiB copy chunk while merging. */
  static final int FAN_IN = 64;
  private static final Comparator<Item> BY_HASH =
      (a, b) -> Arrays.compareUnsigned(a.hash, b.hash);

  private record Item(byte[] hash, byte[] encoding) {}

  private final Path dir;
  private final long bufferBytes;
  private final int fanIn;
  private final List<Path> runs = new ArrayList<>();
  private int runCounter;
  private int passes;
  private List<Item> buffer = new ArrayList<>();
  private long buffered;

  SortedRuns(Path scratchParent) {
    this(scratchParent, BUFFER_BYTES, FAN_IN);
  }

  /** With a smaller buffer and fan-in, for tests of many runs and merge passes. */
  SortedRuns(Path scratchParent, long bufferBytes, int fanIn) {
    this.dir = ScratchDirectory.create(scratchParent);
    this.bufferBytes = bufferBytes;
    this.fanIn = fanIn;
  }

  void add(byte[] hash, byte[] encoding) {
    buffer.add(new Item(hash, encoding));
    buffered += encoding.length + OVERHEAD;
    if (buffered >= bufferBytes) {
      spill();
    }
  }

  private void spill() {
    buffer.sort(BY_HASH);
    Path run = dir.resolve("run-" + runCounter++);
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
      for (Item item : buffer) {
        out.write(item.hash);
        out.writeInt(item.encoding.length);
        out.write(item.encoding);
      }
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(run, "write", e);
    }
    runs.add(run);
    buffer = new ArrayList<>();
    buffered = 0;
  }

  /**
   * Merges everything into {@code db}; returns the number of objects. With {@code append}, {@code
   * db} must be empty (LMDB appends the sorted keys to its B-tree's end); without, the objects go
   * among those it holds, none of which may be one of them.
   */
  long writeTo(ObjectDatabase db, boolean append) {
    passes = 0;
    buffer.sort(BY_HASH);
    try {
      while (runs.size() + 1 > fanIn) {
        List<Path> group = new ArrayList<>(runs.subList(0, fanIn));
        runs.subList(0, fanIn).clear();
        runs.add(mergeToRun(group));
      }
      return mergeInto(db, append);
    } catch (IOException e) {
      throw ContextError.ContextIoFailure.of(dir, "merge the restore's runs in", e);
    }
  }

  /** One pass of a merge of many runs into one, so the final merge has few sources. */
  private Path mergeToRun(List<Path> group) throws IOException {
    passes++;
    Path merged = dir.resolve("run-" + runCounter++);
    List<Source> sources = new ArrayList<>();
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(merged), 1 << 16))) {
      for (Path run : group) {
        sources.add(new RunSource(run));
      }
      PriorityQueue<Source> heap = start(sources);
      while (!heap.isEmpty()) {
        Source next = heap.poll();
        out.write(next.hash);
        out.writeInt(next.length);
        next.copyTo(out::write);
        if (next.advance()) {
          heap.add(next);
        }
      }
    } finally {
      sources.forEach(Source::close);
    }
    for (Path run : group) {
      Files.delete(run);
    }
    return merged;
  }

  private long mergeInto(ObjectDatabase db, boolean append) throws IOException {
    List<Source> sources = new ArrayList<>();
    try {
      for (Path run : runs) {
        sources.add(new RunSource(run));
      }
      sources.add(new BufferSource(buffer));
      PriorityQueue<Source> heap = start(sources);
      long written = 0;
      Txn<ByteBuffer> txn = db.env.txnWrite();
      try {
        while (!heap.isEmpty()) {
          Source next = heap.poll();
          ByteBuffer value = db.objects.reserve(txn, ObjectDatabase.key(next.hash), next.length,
              append ? PutFlags.MDB_APPEND : PutFlags.MDB_NOOVERWRITE);
          next.copyTo(value::put);
          if (++written % APPENDS_PER_TRANSACTION == 0) {
            txn.commit();
            txn.close();
            txn = db.env.txnWrite();
          }
          if (next.advance()) {
            heap.add(next);
          }
        }
        txn.commit();
      } finally {
        txn.close();
      }
      return written;
    } finally {
      sources.forEach(Source::close);
    }
  }

  private static PriorityQueue<Source> start(List<Source> sources) throws IOException {
    PriorityQueue<Source> heap =
        new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.hash, b.hash));
    for (Source source : sources) {
      if (source.advance()) {
        heap.add(source);
      }
    }
    return heap;
  }

  /** How many intermediate merges the last {@link #writeTo} made. */
  int intermediateMerges() {
    return passes;
  }

  /** How many runs are on disk. */
  int runCount() {
    return runs.size();
  }

  @Override
  public void close() {
    buffer = List.of();
    ScratchDirectory.delete(dir);
  }

  /**
   * A sorted sequence of objects. A source holds the current object's hash and length; its bytes
   * are copied out only when it is its turn, so a merge holds no object on the heap.
   */
  private abstract static class Source {
    byte[] hash;
    int length;

    abstract boolean advance() throws IOException;

    /** Hands the current object's bytes to {@code target}, in one piece or in chunks. */
    abstract void copyTo(Chunks target) throws IOException;

    void close() {}
  }

  /** Where a source's bytes go: a reserved LMDB value, or a run being written. */
  @FunctionalInterface
  private interface Chunks {
    void write(byte[] bytes, int offset, int length) throws IOException;
  }

  private static final class BufferSource extends Source {
    private final List<Item> items;
    private int next;
    private byte[] encoding;

    BufferSource(List<Item> items) {
      this.items = items;
    }

    @Override
    boolean advance() {
      if (next == items.size()) {
        return false;
      }
      Item item = items.get(next++);
      hash = item.hash;
      encoding = item.encoding;
      length = encoding.length;
      return true;
    }

    @Override
    void copyTo(Chunks target) throws IOException {
      target.write(encoding, 0, encoding.length);
    }
  }

  private static final class RunSource extends Source {
    private final DataInputStream in;
    private final byte[] chunk = new byte[1 << 16];

    RunSource(Path run) throws IOException {
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
    }

    @Override
    boolean advance() throws IOException {
      byte[] next = new byte[ObjectHash.LENGTH];
      try {
        in.readFully(next);
      } catch (EOFException end) {
        return false;
      }
      hash = next;
      length = in.readInt();
      return true;
    }

    @Override
    void copyTo(Chunks target) throws IOException {
      for (int left = length; left > 0; ) {
        int n = Math.min(left, chunk.length);
        in.readFully(chunk, 0, n);
        target.write(chunk, 0, n);
        left -= n;
      }
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
