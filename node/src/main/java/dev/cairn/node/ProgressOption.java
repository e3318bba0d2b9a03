package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.progress.ProgressError;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --progress}, shared by the commands that do long work. */
final class ProgressOption {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = {"--progress", "--progress-display-mode"}, defaultValue = "auto",
      paramLabel = "MODE",
      description = "How to show progress on standard error: auto (a bar when standard error "
          + "is a terminal, a log line every few seconds otherwise), bar, log or none; Octez's "
          + "always and never are accepted too. Default: ${DEFAULT-VALUE}. Ctrl-C or SIGTERM "
          + "stops the work and removes what it wrote (exit 130).")
  private ProgressDisplay.Mode mode;

  /**
   * A display in the chosen mode, drawing on the command's error writer, whose work a signal
   * cancels.
   */
  ProgressDisplay display() {
    return display(false, true);
  }

  /**
   * A display that shows nothing when {@code quiet}, and catches signals to cancel the work when
   * {@code cancelOnSignal} (a command that stops on signals its own way passes false).
   */
  ProgressDisplay display(boolean quiet, boolean cancelOnSignal) {
    CairnCommand.Console console = ((CairnCommand) command.root().userObject()).console();
    PrintWriter err = command.commandLine().getErr();
    return new ProgressDisplay(quiet ? ProgressDisplay.Mode.NONE : mode, err,
        console.errIsTerminal(), console.handlesSignals() && cancelOnSignal
            ? SignalCancellation.install(signal -> {
              err.println();
              err.println("stopping (" + signal + "): removing what was written; a second "
                  + "signal quits at once and leaves that to the next command");
              err.flush();
            })
            : SignalCancellation.none());
  }

  /**
   * The error of work that {@code display} drew, told as the command's: after a signal, whatever
   * the work failed with (it stopped at a safe point, or a read cut short by the signal failed),
   * {@code Interrupted} saying what was stopped and what was removed ({@code stopped}); any other
   * error as it is.
   */
  static CairnException interrupted(CairnException e, ProgressDisplay display, String stopped) {
    if (display.cancelled() || e.error() instanceof ProgressError.Interrupted) {
      return new ProgressError.Interrupted(display.signal().map(s -> "by " + s + ": ")
          .orElse("") + stopped).toException(e);
    }
    return e;
  }
}
