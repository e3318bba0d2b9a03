package dev.cairn.context;

import dev.cairn.store.hash.ContextHash;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a commit records besides its tree: parent commits (at most 255), a timestamp (seconds), a
 * message (at most 64 KiB of UTF-8).
 */
public record CommitInfo(List<ContextHash> parents, long timestamp, String message) {

  public CommitInfo {
    parents = List.copyOf(parents);
    if (parents.size() > 255) {
      throw new IllegalArgumentException("a commit has at most 255 parents");
    }
    if (message.getBytes(StandardCharsets.UTF_8).length > 0xffff) {
      throw new IllegalArgumentException("a commit message is at most 65535 bytes of UTF-8");
    }
  }

  /** A commit with no parent, as the first state of a chain. */
  public static CommitInfo initial(long timestamp, String message) {
    return new CommitInfo(List.of(), timestamp, message);
  }
}
