package dev.cairn.context.model;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ContextObject;
import dev.cairn.context.object.Entry;
import dev.cairn.context.object.EntryKind;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectFormatException;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.progress.Progress;
import dev.cairn.store.hash.ContextHash;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The model's restore, written from DESIGN §5 without the LMDB restore's machinery: read every
 * framed object, hash it, require what it points at to have come before it, then rebuild the
 * state's values by walking the tree from the commit, and require that building those values the
 * canonical way gives back the same root. Memory is not bounded: it is a model.
 */
record ModelRestore(ContextHash commit, Map<ObjectHash, byte[]> objects,
    SortedMap<List<String>, byte[]> values) {

  private static final int MAX_OBJECT_BYTES = ObjectCodec.MAX_OBJECT_BYTES;

  static ModelRestore read(InputStream dump, Progress progress) {
    return read(dump, Map.of(), progress);
  }

  /**
   * Reads a dump, or a delta whose parent's objects are {@code held}: a child may be held, an
   * object may not; the tree is rebuilt from both, and every object of the delta must be in it.
   * The result's objects are the delta's.
   */
  static ModelRestore read(InputStream dump, Map<ObjectHash, byte[]> held, Progress progress) {
    Map<ObjectHash, byte[]> objects = new HashMap<>();
    ObjectHash last = null;
    ContextObject lastObject = null;
    for (Frame frame : frames(dump, progress)) {
      for (ObjectHash child : frame.object().children()) {
        if (!objects.containsKey(child) && !held.containsKey(child)) {
          throw inconsistent("object " + frame.hash() + " points at " + child + (held.isEmpty()
              ? ", not before it" : ", which is neither in the parent's context nor before it"));
        }
      }
      if (held.containsKey(frame.hash())) {
        throw inconsistent("object " + frame.hash() + " is already in the parent's context");
      }
      if (objects.put(frame.hash(), frame.encoding()) != null) {
        throw inconsistent("object " + frame.hash() + " appears twice");
      }
      last = frame.hash();
      lastObject = frame.object();
    }
    if (!(lastObject instanceof ContextObject.Commit commit)) {
      throw inconsistent("the last object is not a commit");
    }
    Map<ObjectHash, byte[]> all = new HashMap<>(held);
    all.putAll(objects);
    SortedMap<List<String>, byte[]> values = new TreeMap<>(PathOrder.INSTANCE);
    collect(all, commit.root(), List.of(), values);
    Map<ObjectHash, byte[]> rebuilt = new HashMap<>();
    if (!CanonicalShape.build(values, rebuilt).equals(commit.root())
        || !rebuilt.keySet().containsAll(without(objects.keySet(), last))) {
      throw inconsistent("the tree is not the canonical one for its values");
    }
    return new ModelRestore(last.asContextHash(), objects, values);
  }

  /** A dump of several commits, read: every object, and each commit's values. */
  record History(Map<ObjectHash, byte[]> objects,
      Map<ContextHash, SortedMap<List<String>, byte[]>> states) {}

  /**
   * Reads a dump of the commits {@code expected}, in that order: each object's children before
   * it, the commits exactly those, the last object the last commit, each commit's tree the
   * canonical one for its values, and every object in some commit's tree.
   */
  static History readHistory(InputStream dump, List<ContextHash> expected, Progress progress) {
    Map<ObjectHash, byte[]> objects = new HashMap<>();
    List<ObjectHash> commits = new ArrayList<>();
    ObjectHash last = null;
    for (Frame frame : frames(dump, progress)) {
      ObjectHash hash = frame.hash();
      if (commits.size() == expected.size()) {
        throw inconsistent("object " + hash + " follows the last commit");
      }
      for (ObjectHash child : frame.object().children()) {
        if (!objects.containsKey(child)) {
          throw inconsistent("object " + hash + " points at " + child + ", not before it");
        }
      }
      if (objects.put(hash, frame.encoding()) != null) {
        throw inconsistent("object " + hash + " appears twice");
      }
      if (frame.object() instanceof ContextObject.Commit) {
        if (!hash.asContextHash().equals(expected.get(commits.size()))) {
          throw inconsistent("commit " + hash + " where " + expected.get(commits.size())
              + " must come");
        }
        commits.add(hash);
      }
      last = hash;
    }
    if (commits.size() != expected.size() || !last.equals(commits.get(commits.size() - 1))) {
      throw inconsistent("the dump holds " + commits.size() + " of its " + expected.size()
          + " commits, or does not end with the last");
    }
    Map<ContextHash, SortedMap<List<String>, byte[]>> states = new HashMap<>();
    Set<ObjectHash> reached = new HashSet<>(commits);
    for (ObjectHash hash : commits) {
      ContextObject.Commit commit = (ContextObject.Commit) decode(objects.get(hash));
      SortedMap<List<String>, byte[]> values = new TreeMap<>(PathOrder.INSTANCE);
      collect(objects, commit.root(), List.of(), values);
      Map<ObjectHash, byte[]> rebuilt = new HashMap<>();
      if (!CanonicalShape.build(values, rebuilt).equals(commit.root())) {
        throw inconsistent("the tree of " + hash + " is not the canonical one for its values");
      }
      reached.addAll(rebuilt.keySet());
      states.put(hash.asContextHash(), values);
    }
    if (!reached.containsAll(objects.keySet())) {
      throw inconsistent("objects that no commit reaches");
    }
    return new History(objects, states);
  }

  /** One object of a dump: its hash, its bytes, and what they decode to. */
  private record Frame(ObjectHash hash, byte[] encoding, ContextObject object) {}

  /** Every frame of a dump, its count and lengths checked, nothing after the last. */
  private static List<Frame> frames(InputStream dump, Progress progress) {
    List<Frame> frames = new ArrayList<>();
    try {
      DataInputStream in = new DataInputStream(dump);
      long count = in.readLong();
      if (count < 1) {
        throw malformed("a dump of " + count + " objects");
      }
      for (long i = 0; i < count; i++) {
        progress.checkCancelled();
        int length = in.readInt();
        if (length < 1 || length > MAX_OBJECT_BYTES) {
          throw malformed("object " + i + " of " + length + " bytes");
        }
        byte[] encoding = in.readNBytes(length);
        if (encoding.length < length) {
          throw malformed("the dump ends inside object " + i);
        }
        frames.add(new Frame(ObjectHash.ofEncoding(encoding), encoding, decode(encoding)));
        progress.advance(i + 1);
      }
      if (in.read() != -1) {
        throw malformed("bytes after the last object");
      }
    } catch (EOFException e) {
      throw malformed("the dump ends early");
    } catch (IOException e) {
      throw malformed(e.getMessage());
    }
    return frames;
  }

  private static Set<ObjectHash> without(Set<ObjectHash> hashes, ObjectHash commit) {
    Set<ObjectHash> rest = new HashSet<>(hashes);
    rest.remove(commit);
    return rest;
  }

  /** Adds the values under directory {@code hash} at {@code path}. */
  private static void collect(Map<ObjectHash, byte[]> objects, ObjectHash hash, List<String> path,
      SortedMap<List<String>, byte[]> values) {
    ContextObject object = decode(objects.get(hash));
    if (object instanceof ContextObject.Leaf leaf) {
      for (Entry entry : leaf.entries()) {
        List<String> at = new ArrayList<>(path);
        at.add(entry.step());
        if (entry.kind() == EntryKind.BLOB) {
          if (!(decode(objects.get(entry.hash())) instanceof ContextObject.Blob blob)) {
            throw inconsistent("a value entry that is not a blob");
          }
          values.put(List.copyOf(at), blob.data().toArray());
        } else {
          collect(objects, entry.hash(), at, values);
        }
      }
    } else if (object instanceof ContextObject.Inode inode) {
      for (ObjectHash bucket : inode.buckets()) {
        collect(objects, bucket, path, values);
      }
    } else {
      throw inconsistent("a directory entry that is not a directory");
    }
  }

  private static ContextObject decode(byte[] encoding) {
    try {
      return ObjectCodec.decode(encoding);
    } catch (ObjectFormatException e) {
      throw malformed(e.getMessage());
    }
  }

  private static RuntimeException malformed(String reason) {
    return new ContextError.MalformedDump(reason).toException();
  }

  private static RuntimeException inconsistent(String reason) {
    return new ContextError.InconsistentContext(reason).toException();
  }
}
