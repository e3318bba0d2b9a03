package dev.cairn.context;

import dev.cairn.error.CairnError;
import dev.cairn.store.hash.ContextHash;
import java.io.IOException;
import java.nio.file.Path;

/** Errors raised at the context's boundary, named as in DESIGN §10 where it names them. */
public sealed interface ContextError extends CairnError {

  /** A dump that cannot be read: truncated, oversized lengths, undecodable objects. */
  record CannotRead(String reason) implements ContextError {
    @Override
    public String name() {
      return "Cannot_read";
    }

    @Override
    public String details() {
      return "context: " + reason;
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

  /** A restored or replayed commit whose hash is not the one expected. */
  record InconsistentContextHash(ContextHash expected, ContextHash found) implements ContextError {
    @Override
    public String name() {
      return "Inconsistent_context_hash";
    }

    @Override
    public String details() {
      return "expected context " + expected + " but found " + found;
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
      return "Data_dir_locked";
    }

    @Override
    public String details() {
      return "the context " + dir + " is already open in this process";
    }
  }

  /** A file-system or LMDB failure while reading or writing the context. */
  record ContextIoFailure(Path path, String operation, String reason) implements ContextError {
    public static ContextIoFailure of(Path path, String operation, IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new ContextIoFailure(path, operation, reason);
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
