package dev.cairn.context;

import dev.cairn.error.CairnError;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.error.ResourceError;
import dev.cairn.store.hash.ContextHash;
import java.io.IOException;
import java.nio.file.Path;

/** Errors raised at the context's boundary, named as in DESIGN §10 where it names them. */
public sealed interface ContextError extends CairnError {

  /**
   * A dump that cannot be read: truncated, oversized lengths, undecodable objects. (A snapshot
   * import reports it as {@code Cannot_read} of its {@code context} member.)
   */
  record MalformedDump(String reason) implements ContextError {
    @Override
    public String name() {
      return "Malformed_dump";
    }

    @Override
    public String details() {
      return "context dump: " + reason;
    }
  }

  /** Objects that decode but do not fit together: a missing child, a misplaced entry, a repeat. */
  record InconsistentContext(String reason) implements ContextError {
    @Override
    public String name() {
      return "Inconsistent_context";
    }

    @Override
    public String details() {
      return reason;
    }
  }

  /**
   * A commit whose hash is not the one expected: a restored dump's, or the state that applying a
   * block gives. {@code subject} says whose it is ("block B… at level 5"), or is empty.
   */
  record InconsistentContextHash(String subject, ContextHash expected, ContextHash found)
      implements ContextError {

    /** A mismatch with nothing to say of whose commit it is. */
    public InconsistentContextHash(ContextHash expected, ContextHash found) {
      this("", expected, found);
    }

    @Override
    public String name() {
      return "Inconsistent_context_hash";
    }

    @Override
    public String details() {
      return (subject.isEmpty() ? "" : subject + ": ") + "expected context " + expected
          + " but found " + found;
    }
  }

  /** A commit the context does not hold (never committed, or collected). */
  record UnknownCommit(ContextHash commit) implements ContextError {
    @Override
    public String name() {
      return "Cannot_checkout_context";
    }

    @Override
    public String details() {
      return "no commit " + commit + " in the context";
    }
  }

  /** The context directory is already open in this process (LMDB allows one open per process). */
  record AlreadyOpen(Path dir) implements ContextError {
    @Override
    public String name() {
      return "Context_already_open";
    }

    @Override
    public String details() {
      return "the context " + dir + " is already open in this process";
    }
  }

  /** A file-system or LMDB failure while reading or writing the context. */
  record ContextIoFailure(Path path, String operation, String reason) implements ContextError {

    /** The typed error for {@code cause}, ready to throw. */
    public static CairnException of(Path path, String operation, IOException cause) {
      if (ResourceError.isNoSpace(cause)) {
        return ResourceError.noSpaceAt(path, cause);
      }
      String reason = CauseText.of(cause);
      return new ContextIoFailure(path, operation, reason).toException(cause);
    }

    @Override
    public String name() {
      return "Context_io_failure";
    }

    @Override
    public String details() {
      return "cannot " + operation + " " + path + ": " + reason;
    }
  }
}
