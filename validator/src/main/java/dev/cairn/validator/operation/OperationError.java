package dev.cairn.validator.operation;

import dev.cairn.error.CairnError;

/** Errors about operation bytes. */
public sealed interface OperationError extends CairnError {

  /** An operation's data that is not a reveal or a transaction of the right length. */
  record MalformedOperation(String reason) implements OperationError {
    @Override
    public String name() {
      return "Malformed_operation";
    }

    @Override
    public String details() {
      return reason;
    }
  }
}
