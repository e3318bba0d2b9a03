package dev.cairn.snapshot.remote;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One remote file, read by ranges: the seam between the transports (HTTP, S3) and the one
 * resuming reader ({@link ResumingInput}) that every download goes through.
 *
 * <p>{@link #get} throws an {@link IOException} for what a retry may cure (a refused or dropped
 * connection, a timeout, a 5xx or 429 status: {@link TransientStatus}), and a typed error for
 * what it cannot ({@code Remote_error}, {@code Source_changed}).
 */
interface RemoteObject {

  /** Where the object is. */
  RemoteLocation location();

  /**
   * The bytes from {@code first} to {@code last} inclusive ({@code last < 0}: to the end), if
   * the object is still {@code expected} (when given): a partial answer, checked against the
   * range asked, or, from a server that ignores ranges, the whole object.
   */
  Body get(long first, long last, Optional<Identity> expected) throws IOException;

  /**
   * What tells one version of an object from another: its length, and its entity tag or
   * modification time when the server gives them.
   */
  record Identity(long length, Optional<String> etag, Optional<String> lastModified) {

    /** The {@code If-Range} / {@code If-Match} validator: a strong entity tag, else the date. */
    Optional<String> validator() {
      return etag.filter(tag -> !tag.startsWith("W/")).or(() -> lastModified);
    }

    /** Why {@code other} is not the same version of the object, or empty if it may be. */
    Optional<String> differenceFrom(Identity other) {
      if (length != other.length) {
        return Optional.of("it was " + length + " bytes and is now " + other.length);
      }
      // An entity tag first given must be given again (a server or an edge that drops it
      // could be serving another version); a date may be left out of a partial answer.
      if (etag.isPresent() && !etag.equals(other.etag)) {
        return Optional.of(other.etag.isPresent() ? "its entity tag changed"
            : "an answer came without the entity tag the first one had");
      }
      if (lastModified.isPresent() && other.lastModified.isPresent()
          && !lastModified.equals(other.lastModified)) {
        return Optional.of("its modification time changed");
      }
      return Optional.empty();
    }
  }

  /**
   * An answer: whether it is the range asked ({@code partial}) or the whole object, the offset
   * of its first byte, how many bytes it carries, the object's identity, the bytes, and how to
   * abort it from another thread (a stalled read then returns or throws at once).
   */
  record Body(boolean partial, long first, long length, Identity identity, InputStream in,
      Runnable abort) {}

  /** A status a retry may cure: 408, 429, 5xx. */
  final class TransientStatus extends IOException {
    private final int status;

    TransientStatus(int status) {
      super("the server answered status " + status);
      this.status = status;
    }

    int status() {
      return status;
    }

    static boolean covers(int status) {
      return status == 408 || status == 429 || status >= 500 && status <= 599;
    }
  }
}
