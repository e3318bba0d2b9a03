package dev.cairn.node;

import dev.cairn.progress.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The one adapter that draws a {@link Progress} for the command line, on the error stream the
 * command was given: a bar on a terminal, a line every few seconds in a log, or nothing. {@code
 * auto} picks the bar when a console is attached, the log otherwise.
 */
final class ProgressDisplay implements Progress, AutoCloseable {

  /** How progress is shown ({@code --progress}). */
  enum Mode { AUTO, BAR, LOG, NONE }

  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
  private static final int BAR_WIDTH = 100;

  private final Mode mode;
  private final PrintWriter err;
  private ProgressBar bar;
  private String task;
  private long total = -1;
  private long lastLog;

  ProgressDisplay(Mode mode, PrintWriter err) {
    this.mode = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LOG) : mode;
    this.err = err;
  }

  @Override
  public void phase(String name, long phaseTotal) {
    finishBar();
    task = name;
    total = phaseTotal;
    lastLog = System.nanoTime();
    if (mode == Mode.BAR) {
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(phaseTotal)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
          .setConsumer(new WriterConsumer(err)).build();
    } else if (mode == Mode.LOG) {
      err.println("cairn: " + name + ": 0" + (phaseTotal >= 0 ? "/" + phaseTotal : ""));
      err.flush();
    }
  }

  @Override
  public void advance(long done) {
    if (bar != null) {
      bar.stepTo(done);
    } else if (mode == Mode.LOG && task != null) {
      long now = System.nanoTime();
      if (now - lastLog >= LOG_EVERY_NANOS || done == total) {
        lastLog = now;
        err.println("cairn: " + task + ": " + done + (total >= 0 ? "/" + total : ""));
        err.flush();
      }
    }
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

  /** Draws the bar on a writer, each frame over the last ({@code \r}). */
  private static final class WriterConsumer implements ProgressBarConsumer {
    private final PrintWriter out;

    WriterConsumer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public int getMaxRenderedLength() {
      return BAR_WIDTH;
    }

    @Override
    public void accept(String rendered) {
      out.print('\r');
      out.print(rendered);
      out.flush();
    }

    @Override
    public void close() {
      out.println();
      out.flush();
    }
  }
}
