package dev.cairn.validator.operation;

import dev.cairn.error.CairnError;

/** Errors about operation bytes. */
public sealed interface OperationError extends CairnError {

  /**
   * An operation's data that is not a reveal or a transaction of the right length. (Inside a
   * block, the validator reports it as the block's {@code Malformed_operation}.)
   */
  record UndecodableOperation(String reason) implements OperationError {
    @Override
    public String name() {
      return "Undecodable_operation";
    }

    @Override
    public String details() {
      return reason;
    }
  }
}
