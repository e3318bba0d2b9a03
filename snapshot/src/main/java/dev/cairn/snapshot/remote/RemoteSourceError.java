package dev.cairn.snapshot.remote;

import dev.cairn.error.CairnError;

/**
 * The typed errors of reading from and writing to a remote store (DESIGN §15, §18). Every URL in
 * them is {@link RemoteLocation#display() shown} without its query string or user information,
 * so a pre-signed URL's signature or a password never reaches a message.
 */
public sealed interface RemoteSourceError extends CairnError {

  /** The store could not be reached, or stopped answering, after every retry. */
  record SourceUnreachable(String url, String reason) implements RemoteSourceError {
    public String name() { return "Source_unreachable"; }
    public String details() { return url + ": " + reason; }
  }

  /** The object changed between two requests of one download. */
  record SourceChanged(String url, String reason) implements RemoteSourceError {
    public String name() { return "Source_changed"; }
    public String details() { return url + " changed while it was read: " + reason; }
  }

  /**
   * The store answered, and not with what was asked: an HTTP status (0 when the answer was
   * malformed rather than refused) and what it means.
   */
  record RemoteError(String url, int status, String reason) implements RemoteSourceError {
    public String name() { return "Remote_error"; }
    public String details() {
      return url + ": " + (status > 0 ? "status " + status + ", " : "") + reason;
    }
  }
}
