package dev.cairn.context;

import dev.cairn.progress.Progress;
import dev.cairn.store.hash.ContextHash;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

/**
 * A context: content-addressed commits of Merkle trees (DESIGN §5), and the streaming dump and
 * restore of one commit that snapshots are made of.
 *
 * <p>Two implementations keep this contract: {@code LmdbContext}, the node's, and a small
 * in-memory model that the contract tests compare it with, over every method here, dump and
 * restore included: what a snapshot uses is what the contract tests.
 */
public interface Context extends AutoCloseable {

  /** A tree with nothing in it, to build a first state. */
  ContextTree emptyTree();

  /** A tree holding the state of {@code commit}; {@code Cannot_checkout_context} if absent. */
  ContextTree checkout(ContextHash commit);

  /** Whether this context holds {@code commit}. */
  boolean contains(ContextHash commit);

  /**
   * Deletes every object not reachable from the commits in {@code keep}. Commits reach their tree,
   * not their parents: a commit not kept is deleted. Unknown commits in {@code keep} are ignored. A
   * tree checked out from a commit that is not kept must not be committed afterwards.
   */
  GcSummary collectGarbage(Collection<ContextHash> keep);

  /** A dump of one commit: its size is known before it is written (a tar header needs it). */
  default ContextDump openDump(ContextHash commit) {
    return openDump(commit, Progress.NONE);
  }

  /**
   * {@link #openDump(ContextHash)}, reporting the objects walked to {@code progress} and
   * stopping with {@code Interrupted} when it is cancelled; {@code Cannot_checkout_context} if
   * this context does not hold {@code commit}.
   */
  ContextDump openDump(ContextHash commit, Progress progress);

  /**
   * A dump of several commits at once, in the order given (DESIGN §17: a rollup's states): every
   * object any of them reaches, each once, children before parents, each commit right after the
   * last object of its tree that no earlier commit reached. Commits must be distinct; {@code
   * Cannot_checkout_context} if one is not held. A dump of one commit is {@link #openDump}'s.
   */
  ContextDump openDump(List<ContextHash> commits, Progress progress);

  /**
   * Restores a dump of several commits ({@link #openDump(List, Progress)}) into this context,
   * which must hold nothing yet, checked as {@link #restore} checks one: every object's hash
   * recomputed, each accepted only once what it points at is, the commits exactly {@code
   * expected} and in that order (a missing, extra or reordered one is {@code
   * Inconsistent_context}), nothing after the last, every other object reached from one of them.
   * On any failure the context still holds nothing.
   */
  void restore(InputStream dump, long length, List<ContextHash> expected, Progress progress);

  /**
   * Restores a dump (DESIGN §5; {@code length} bytes, or -1 if unknown) into this context, which
   * must hold nothing yet, trusting nothing in it: every object's hash recomputed, each accepted
   * only once what it points at is, the last one the commit {@code expected}. Returns that
   * commit. A dump that does not read is {@code Malformed_dump}, objects that do not fit together
   * {@code Inconsistent_context}, another commit {@code Inconsistent_context_hash}; cancelled
   * through {@code progress}, {@code Interrupted}. On any failure the context still holds
   * nothing, and memory stays bounded whatever the dump's size.
   */
  ContextHash restore(InputStream dump, long length, ContextHash expected, Progress progress);

  /**
   * The objects {@code commit} reaches, itself included, as a set kept off the heap: what a delta
   * against it leaves out. {@code Cannot_checkout_context} if this context does not hold {@code
   * commit}; cancelled through {@code progress}, {@code Interrupted}.
   */
  ObjectSet reachable(ContextHash commit, Progress progress);

  /**
   * A delta of {@code commit} against {@code parent} (DESIGN §16): the objects {@code commit}
   * reaches that {@code parent} does not hold, in the dump's format and order (each once, children
   * before parents, the commit last), walking no subtree whose root {@code parent} holds. The
   * order depends only on the two trees, so the same commits give the same bytes.
   * {@code Cannot_checkout_context} if this context does not hold {@code commit}, {@code
   * Inconsistent_context} if {@code parent} holds the commit itself (there is nothing new).
   */
  ContextDump openDelta(ContextHash commit, ObjectSet parent, Progress progress);

  /**
   * Applies a delta ({@link #openDelta}) to this context, which holds exactly the parent's objects
   * (a restore of the parent, or a collection that kept only the parent's commit). Checked as a
   * restore is, trusting nothing: every object's hash recomputed; each accepted only once what it
   * points at is either held already or came before it in the delta; an object this context
   * already holds refused (a delta holds only new objects); every object of the delta reached from
   * its last, the commit {@code expected}. On any failure this context holds what it held before.
   * Returns the commit.
   */
  ContextHash applyDelta(InputStream delta, long length, ContextHash expected, Progress progress);

  /**
   * Makes every commit so far durable. A context opened to sync on each commit has nothing left to
   * do; one opened to sync on request ({@code Durability.ON_SYNC}) flushes here, once for many
   * commits.
   */
  void sync();

  /** How many objects commits through this handle have added: a measure of garbage made. */
  long objectsWritten();

  @Override
  void close();

  /** What a collection did. */
  record GcSummary(long reachable, long deleted) {}
}
