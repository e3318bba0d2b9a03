package dev.cairn.node;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work on standard error: a bar on a terminal, a line every few seconds in a log,
 * or nothing. {@code auto} picks the bar when a console is attached, the log otherwise.
 */
final class ProgressDisplay implements AutoCloseable {

  /** How progress is shown ({@code --progress}). */
  enum Mode { AUTO, BAR, LOG, NONE }

  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final Mode mode;
  private final PrintStream err;
  private ProgressBar bar;
  private String task;
  private long lastLog;

  ProgressDisplay(Mode mode, PrintStream err) {
    this.mode = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LOG) : mode;
    this.err = err;
  }

  /** Starts (or switches to) a task of {@code total} steps. */
  void start(String name, long total) {
    finishBar();
    task = name;
    lastLog = System.nanoTime();
    if (mode == Mode.BAR) {
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(err)).build();
    } else if (mode == Mode.LOG) {
      err.println("cairn: " + name + ": 0" + (total >= 0 ? "/" + total : ""));
    }
  }

  /** Reports {@code done} of the current task's {@code total} steps. */
  void step(long done, long total) {
    if (bar != null) {
      bar.stepTo(done);
    } else if (mode == Mode.LOG) {
      long now = System.nanoTime();
      if (now - lastLog >= LOG_EVERY_NANOS || done == total) {
        lastLog = now;
        err.println("cairn: " + task + ": " + done + (total >= 0 ? "/" + total : ""));
      }
    }
  }

  /** This display as the snapshot module's progress listener. */
  dev.cairn.snapshot.Progress asSnapshotProgress() {
    long[] total = {-1};
    return new dev.cairn.snapshot.Progress() {
      @Override
      public void phase(String name, long phaseTotal) {
        total[0] = phaseTotal;
        start(name, phaseTotal);
      }

      @Override
      public void advance(long done) {
        step(done, total[0]);
      }
    };
  }

  private void finishBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void close() {
    finishBar();
  }
}
