package dev.cairn.context;

import dev.cairn.store.hash.ContextHash;
import java.util.List;
import java.util.Optional;

/**
 * A mutable view of one state, started from a commit or from the empty tree.
 *
 * <p>A path is a list of steps (non-empty text, at most 255 bytes of UTF-8). A path holds either a
 * value or a directory. {@link #set} replaces whatever is at the path and turns values on the way
 * into directories; {@link #remove} removes a value or a whole directory, and directories left
 * empty disappear. Changes stay in memory until {@link #commit}, which writes them together and
 * returns the new context hash; the tree then continues from that commit. Not thread-safe.
 */
public interface ContextTree {

  /** The value at {@code path}, if it holds a value. */
  Optional<byte[]> find(List<String> path);

  /** Whether {@code path} is a directory; the empty path (the root) always is. */
  boolean isDirectory(List<String> path);

  /** The steps directly under the directory at {@code path}, in order; empty if none. */
  List<String> list(List<String> path);

  /** Stores {@code value} at {@code path} (not the root). */
  void set(List<String> path, byte[] value);

  /** Removes what is at {@code path}; the empty path clears the tree. */
  void remove(List<String> path);

  /** Writes the changes as a commit and returns its hash. */
  ContextHash commit(CommitInfo info);

  /**
   * The hash {@link #commit} would return for {@code info}, writing nothing: for checks that replay
   * a block on a context they must not change. The tree stays as it was, changes included.
   */
  ContextHash hash(CommitInfo info);
}
