package dev.cairn.context.model;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.Context;
import dev.cairn.context.ContextDump;
import dev.cairn.context.ContextError;
import dev.cairn.context.ContextTree;
import dev.cairn.context.ObjectSet;
import dev.cairn.context.lmdb.DumpFormat;
import dev.cairn.context.lmdb.ObjectWalk;
import dev.cairn.context.lmdb.VisitedSet;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.context.object.Steps;
import dev.cairn.progress.Progress;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ContextHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The reference model: every commit kept as a whole sorted map of its values. */
public final class ModelContext implements Context {

  private final Map<ContextHash, SortedMap<List<String>, byte[]>> states = new HashMap<>();
  private final Map<ObjectHash, byte[]> objects = new HashMap<>();
  private long written;

  @Override
  public ContextTree emptyTree() {
    return new Tree(new TreeMap<>(PathOrder.INSTANCE));
  }

  @Override
  public ContextTree checkout(ContextHash commit) {
    SortedMap<List<String>, byte[]> state = states.get(commit);
    if (state == null) {
      throw new ContextError.UnknownCommit(commit).toException();
    }
    return new Tree(new TreeMap<>(state));
  }

  @Override
  public boolean contains(ContextHash commit) {
    return states.containsKey(commit);
  }

  @Override
  public GcSummary collectGarbage(Collection<ContextHash> keep) {
    states.keySet().retainAll(Set.copyOf(keep));
    Set<ObjectHash> reachable = new HashSet<>();
    for (ContextHash commit : states.keySet()) {
      ObjectWalk.walk(ObjectHash.of(commit), objects::get, inHeap(),
          (hash, encoding) -> reachable.add(hash));
    }
    long before = objects.size();
    objects.keySet().retainAll(reachable);
    return new GcSummary(reachable.size(), before - objects.size());
  }

  @Override
  public ContextDump openDump(ContextHash commit, Progress progress) {
    return dump(commit, null, progress);
  }

  @Override
  public ContextDump openDump(List<ContextHash> commits, Progress progress) {
    if (commits.isEmpty() || new HashSet<>(commits).size() != commits.size()) {
      throw new IllegalArgumentException("a dump of several commits names each once");
    }
    return dump(commits, null, progress);
  }

  @Override
  public void restore(InputStream dump, long length, List<ContextHash> expected,
      Progress progress) {
    if (!objects.isEmpty()) {
      throw new ContextError.ContextIoFailure(Path.of("model"), "restore into",
          "the context already holds objects").toException();
    }
    ModelRestore.History history = ModelRestore.readHistory(dump, expected, progress);
    objects.putAll(history.objects());
    states.putAll(history.states());
  }

  private ContextDump dump(ContextHash commit, ObjectSet parent, Progress progress) {
    return dump(List.of(commit), parent, progress);
  }

  private ContextDump dump(List<ContextHash> commits, ObjectSet parent, Progress progress) {
    progress.checkCancelled();
    for (ContextHash commit : commits) {
      if (!states.containsKey(commit)) {
        throw new ContextError.UnknownCommit(commit).toException();
      }
    }
    VisitedSet seen = inHeap();
    VisitedSet visited = parent == null ? seen
        : hash -> !parent.contains(hash) && seen.firstVisit(hash);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(body);
    long[] count = {0};
    for (ContextHash commit : commits) {
      ObjectWalk.walk(ObjectHash.of(commit), objects::get, visited, (hash, encoding) -> {
        try {
          data.writeInt(encoding.length);
          data.write(encoding);
          count[0]++;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    byte[] bytes = body.toByteArray();
    return new ContextDump() {
      @Override
      public long objectCount() {
        return count[0];
      }

      @Override
      public long byteLength() {
        return DumpFormat.HEADER_BYTES + bytes.length;
      }

      @Override
      public void writeTo(OutputStream out, Progress progress) {
        progress.checkCancelled();
        try {
          new DataOutputStream(out).writeLong(count[0]);
          out.write(bytes);
          progress.bytes(byteLength());
          progress.advance(count[0]);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public InputStream read() {
        byte[] header = ByteBuffer.allocate(DumpFormat.HEADER_BYTES).putLong(count[0]).array();
        return new SequenceInputStream(new ByteArrayInputStream(header),
            new ByteArrayInputStream(bytes));
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public ContextHash restore(InputStream dump, long length, ContextHash expected,
      Progress progress) {
    if (!objects.isEmpty()) {
      throw new ContextError.ContextIoFailure(Path.of("model"), "restore into",
          "the context already holds objects").toException();
    }
    ModelRestore restore = ModelRestore.read(dump, progress);
    if (!restore.commit().equals(expected)) {
      throw new ContextError.InconsistentContextHash(expected, restore.commit()).toException();
    }
    objects.putAll(restore.objects());
    states.put(expected, restore.values());
    return expected;
  }

  @Override
  public ObjectSet reachable(ContextHash commit, Progress progress) {
    if (!states.containsKey(commit)) {
      throw new ContextError.UnknownCommit(commit).toException();
    }
    Set<Bytes> reached = new HashSet<>();
    ObjectWalk.walk(ObjectHash.of(commit), objects::get, hash -> reached.add(Bytes.copyOf(hash)),
        (hash, encoding) -> {});
    return new ObjectSet() {
      @Override
      public boolean contains(byte[] hash) {
        return reached.contains(Bytes.copyOf(hash));
      }

      @Override
      public long size() {
        return reached.size();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public ContextDump openDelta(ContextHash commit, ObjectSet parent, Progress progress) {
    if (parent.contains(commit.bytes().toArray())) {
      throw new ContextError.InconsistentContext("the parent already holds " + commit)
          .toException();
    }
    return dump(commit, parent, progress);
  }

  @Override
  public ContextHash applyDelta(InputStream delta, long length, ContextHash expected,
      Progress progress) {
    ModelRestore restore = ModelRestore.read(delta, objects, progress);
    if (!restore.commit().equals(expected)) {
      throw new ContextError.InconsistentContextHash(expected, restore.commit()).toException();
    }
    objects.putAll(restore.objects());
    states.put(expected, restore.values());
    return expected;
  }

  @Override
  public void sync() {}

  @Override
  public long objectsWritten() {
    return written;
  }

  @Override
  public void close() {}

  private static VisitedSet inHeap() {
    Set<Bytes> seen = new HashSet<>();
    return hash -> seen.add(Bytes.copyOf(hash));
  }

  private final class Tree implements ContextTree {
    private TreeMap<List<String>, byte[]> values;

    Tree(TreeMap<List<String>, byte[]> values) {
      this.values = values;
    }

    @Override
    public Optional<byte[]> find(List<String> path) {
      return Optional.ofNullable(values.get(path)).map(byte[]::clone);
    }

    @Override
    public boolean isDirectory(List<String> path) {
      return path.isEmpty() || !below(path).isEmpty();
    }

    @Override
    public List<String> list(List<String> path) {
      TreeMap<String, Boolean> steps = new TreeMap<>(Steps.ORDER);
      for (List<String> key : below(path)) {
        steps.put(key.get(path.size()), true);
      }
      return List.copyOf(steps.keySet());
    }

    @Override
    public void set(List<String> path, byte[] value) {
      if (path.isEmpty()) {
        throw new IllegalArgumentException("the root is a directory; it cannot hold a value");
      }
      path.forEach(Steps::requireValid);
      for (int i = 1; i < path.size(); i++) {
        values.remove(path.subList(0, i));
      }
      below(path).forEach(values::remove);
      values.put(List.copyOf(path), value.clone());
    }

    @Override
    public void remove(List<String> path) {
      values.remove(path);
      below(path).forEach(values::remove);
    }

    @Override
    public ContextHash hash(CommitInfo info) {
      Map<ObjectHash, byte[]> built = new HashMap<>();
      ObjectHash root = CanonicalShape.build(values, built);
      return ObjectHash.ofEncoding(ObjectCodec.encodeCommit(new ContextObject.Commit(root,
          info.parents(), info.timestamp(), info.message()))).asContextHash();
    }

    @Override
    public ContextHash commit(CommitInfo info) {
      Map<ObjectHash, byte[]> built = new HashMap<>();
      ObjectHash root = CanonicalShape.build(values, built);
      byte[] commit = ObjectCodec.encodeCommit(new ContextObject.Commit(root, info.parents(),
          info.timestamp(), info.message()));
      ObjectHash hash = ObjectHash.ofEncoding(commit);
      built.put(hash, commit);
      built.keySet().forEach(key -> {
        if (!objects.containsKey(key)) {
          written++;
        }
      });
      objects.putAll(built);
      states.put(hash.asContextHash(), new TreeMap<>(values));
      return hash.asContextHash();
    }

    /** The paths strictly under {@code path}: slow and plainly right. */
    private List<List<String>> below(List<String> path) {
      return values.keySet().stream().filter(key -> PathOrder.isStrictPrefix(path, key)).toList();
    }
  }
}
