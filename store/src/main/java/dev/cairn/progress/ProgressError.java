package dev.cairn.progress;

import dev.cairn.error.CairnError;

/** The error of work stopped through its {@link Progress}. */
public sealed interface ProgressError extends CairnError {

  /** The work was asked to stop, and stopped; what it had written was undone. */
  record Interrupted(String reason) implements ProgressError {
    @Override
    public String name() {
      return "Interrupted";
    }

    @Override
    public String details() {
      return reason;
    }
  }
}
