package dev.cairn.node;

import dev.cairn.progress.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The one adapter that draws a {@link Progress} for the command line, on the error stream the
 * command was given: a bar (with its rate and time left) when that stream is a terminal, a line
 * every few seconds when it is a log, or nothing. {@code auto} decides from the stream drawn on,
 * standard error, not from standard input or output. Log lines never begin with {@code cairn: },
 * which is reserved for errors. A signal caught by its {@link SignalCancellation} makes it report
 * the work cancelled.
 */
final class ProgressDisplay implements Progress, AutoCloseable {

  /** How progress is shown ({@code --progress}, or Octez's {@code --progress-display-mode}). */
  enum Mode {
    AUTO, BAR, LOG, NONE,
    /** Octez's name for a bar whatever the stream. */
    ALWAYS,
    /** Octez's name for none. */
    NEVER
  }

  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
  private static final int BAR_WIDTH = 100;

  private final Mode mode;
  private final PrintWriter err;
  private final SignalCancellation cancellation;
  private ProgressBar bar;
  private String task;
  private long total = -1;
  private long started;
  private long lastLog;
  private long bytes;
  private LongSupplier downloaded;
  private long downloadedAtPhase;

  ProgressDisplay(Mode mode, PrintWriter err, boolean errIsTerminal,
      SignalCancellation cancellation) {
    this.mode = switch (mode) {
      case AUTO -> errIsTerminal ? Mode.BAR : Mode.LOG;
      case ALWAYS -> Mode.BAR;
      case NEVER -> Mode.NONE;
      default -> mode;
    };
    this.err = err;
    this.cancellation = cancellation;
  }

  /** The mode drawn, {@code auto} resolved. */
  Mode mode() {
    return mode;
  }

  @Override
  public void phase(String name, long phaseTotal) {
    finishBar();
    task = name;
    total = phaseTotal;
    bytes = 0;
    downloadedAtPhase = downloaded == null ? 0 : downloaded.getAsLong();
    started = System.nanoTime();
    lastLog = started;
    if (mode == Mode.BAR) {
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(phaseTotal)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
          .setConsumer(new WriterConsumer(err)).build();
    } else if (mode == Mode.LOG) {
      err.println(name + ": started" + (phaseTotal >= 0 ? ", " + phaseTotal + " to do" : ""));
      err.flush();
    }
  }

  @Override
  public void advance(long done) {
    if (bar != null) {
      bar.stepTo(done);
      if (downloaded != null) {
        bar.setExtraMessage(downloadText(System.nanoTime() - started));
      }
    } else if (mode == Mode.LOG && task != null) {
      long now = System.nanoTime();
      if (now - lastLog >= LOG_EVERY_NANOS || done == total) {
        lastLog = now;
        synchronized (err) {
          err.println(logLine(task, done, total, bytes, now - started)
              + (downloaded == null ? "" : ", " + downloadText(now - started)));
          err.flush();
        }
      }
    }
  }

  @Override
  public void downloads(LongSupplier counter) {
    downloaded = counter;
    downloadedAtPhase = counter.getAsLong();
  }

  /** {@code downloaded 81.2 MB at 95.3 MB/s}: the download's own rate in this phase. */
  private String downloadText(long elapsedNanos) {
    long total = downloaded.getAsLong();
    double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
    return String.format(Locale.ROOT, "downloaded %.1f MB at %.1f MB/s", total / 1e6,
        (total - downloadedAtPhase) / seconds / 1e6);
  }

  /** A line of its own (a transfer resumed), from any thread; never in {@code none} mode. */
  @Override
  public void notice(String line) {
    if (mode == Mode.NONE) {
      return;
    }
    synchronized (err) {
      if (bar != null) {
        err.print('\r');
      }
      err.println(line);
      err.flush();
    }
  }

  @Override
  public void bytes(long phaseBytes) {
    bytes = phaseBytes;
  }

  /** {@code context: 5,120/11,170 (45%), 1,024/s, 12.5 MB/s, about 6 s left}. */
  static String logLine(String task, long done, long total, long bytes, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
    StringBuilder line = new StringBuilder(task).append(": ")
        .append(String.format(Locale.ROOT, "%,d", done));
    if (total >= 0) {
      line.append(String.format(Locale.ROOT, "/%,d (%d%%)", total,
          total == 0 ? 100 : done * 100 / total));
    }
    line.append(String.format(Locale.ROOT, ", %,.0f/s", done / seconds));
    if (bytes > 0) {
      line.append(String.format(Locale.ROOT, ", %.1f MB/s", bytes / seconds / 1e6));
    }
    if (total > done && done > 0) {
      line.append(String.format(Locale.ROOT, ", about %.0f s left",
          (total - done) * seconds / done));
    }
    return line.toString();
  }

  @Override
  public boolean cancelled() {
    return cancellation.received().isPresent();
  }

  /** The signal that cancelled the work, if one did. */
  Optional<String> signal() {
    return cancellation.received();
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
    cancellation.close();
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
