package dev.cairn.context;

import dev.cairn.store.hash.ContextHash;
import java.util.Collection;

/**
 * A context: content-addressed commits of Merkle trees (DESIGN §5).
 *
 * <p>Two implementations keep this contract: {@link dev.cairn.context.lmdb.LmdbContext}, the node's, and a small
 * in-memory model that the contract tests compare it with.
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
  ContextDump openDump(ContextHash commit);

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
