package dev.cairn.context.lmdb;

import dev.cairn.context.ContextError;
import dev.cairn.context.object.ObjectCodec;
import dev.cairn.context.object.ObjectFormatException;
import dev.cairn.context.object.ObjectHash;
import dev.cairn.error.CauseText;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/**
 * A depth-first walk from one object: each object once, children (in encoding order) before their
 * parent. This order is the dump's order, so it is part of the format.
 */
public final class ObjectWalk {

  /** Receives each object as the walk completes it. */
  @FunctionalInterface
  public interface Visitor {
    void visit(ObjectHash hash, byte[] encoding);
  }

  private ObjectWalk() {}

  /**
   * Walks from {@code start}; {@code load} returns an object's encoding (or throws a typed error),
   * {@code visited} decides what is new. Nothing is visited if {@code visited} already has
   * {@code start}.
   */
  public static void walk(ObjectHash start, Function<ObjectHash, byte[]> load, VisitedSet visited,
      Visitor visitor) {
    if (!visited.firstVisit(start.toArray())) {
      return;
    }
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(start, load.apply(start)));
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top.next < top.children.size()) {
        ObjectHash child = top.children.get(top.next++);
        if (visited.firstVisit(child.toArray())) {
          stack.push(new Frame(child, load.apply(child)));
        }
      } else {
        stack.pop();
        visitor.visit(top.hash, top.encoding);
      }
    }
  }

  private static final class Frame {
    final ObjectHash hash;
    final byte[] encoding;
    final List<ObjectHash> children;
    int next;

    Frame(ObjectHash hash, byte[] encoding) {
      this.hash = hash;
      this.encoding = encoding;
      this.children = children(hash, encoding);
    }
  }

  private static List<ObjectHash> children(ObjectHash hash, byte[] encoding) {
    try {
      return ObjectCodec.children(encoding);
    } catch (ObjectFormatException e) {
      throw new ContextError.InconsistentContext("stored object " + hash
          + " is malformed: " + CauseText.of(e)).toException();
    }
  }
}
