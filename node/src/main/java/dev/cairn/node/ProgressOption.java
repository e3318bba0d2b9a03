package dev.cairn.node;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --progress}, shared by the commands that do long work. */
final class ProgressOption {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
      description = "How to show progress on standard error: auto (a bar on a terminal, log "
          + "lines otherwise), bar, log or none. Default: ${DEFAULT-VALUE}.")
  private ProgressDisplay.Mode mode;

  /** A display in the chosen mode, drawing on the command's error writer. */
  ProgressDisplay display() {
    return display(false);
  }

  /** {@link #display()}, or one that shows nothing when {@code quiet}. */
  ProgressDisplay display(boolean quiet) {
    return new ProgressDisplay(quiet ? ProgressDisplay.Mode.NONE : mode,
        command.commandLine().getErr());
  }
}
