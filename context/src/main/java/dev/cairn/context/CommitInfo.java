package dev.cairn.context;

import dev.cairn.store.hash.ContextHash;
import java.util.List;

/** What a commit records besides its tree: parent commits, a timestamp (seconds), a message. */
public record CommitInfo(List<ContextHash> parents, long timestamp, String message) {

  public CommitInfo {
    parents = List.copyOf(parents);
  }

  /** A commit with no parent, as the first state of a chain. */
  public static CommitInfo initial(long timestamp, String message) {
    return new CommitInfo(List.of(), timestamp, message);
  }
}
