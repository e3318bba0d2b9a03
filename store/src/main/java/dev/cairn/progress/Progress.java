package dev.cairn.progress;

/**
 * What long work reports as it goes, in every module: phases, each with a total of items (or -1
 * when not known), how many items and bytes each has done, and whether the work should stop. The
 * command line draws it (a bar, or log lines); tests and the demo pass {@link #NONE}.
 *
 * <p>Work calls {@link #checkCancelled} between items it can stop after safely (a context object,
 * a cemented file, a block), and stops with {@code Interrupted} when asked: whatever it had
 * written is then undone as on any other failure.
 */
public interface Progress {

  /** Reports nothing and never cancels. */
  Progress NONE = new Progress() {
    @Override
    public void phase(String name, long total) {}

    @Override
    public void advance(long done) {}
  };

  /** A new phase begins with {@code total} items (-1 if not known); the previous one is over. */
  void phase(String name, long total);

  /** The current phase has done {@code done} of its items. */
  void advance(long done);

  /** The current phase has read or written {@code bytes} bytes so far (for its rate). */
  default void bytes(long bytes) {}

  /**
   * Bytes are being downloaded, as {@code downloaded} counts them (from any thread): the display
   * shows the download's rate beside the work's own.
   */
  default void downloads(java.util.function.LongSupplier downloaded) {}

  /** A line worth telling as it happens (a dropped transfer being resumed); any thread. */
  default void notice(String line) {}

  /** Whether the work has been asked to stop. */
  default boolean cancelled() {
    return false;
  }

  /** Stops the work with {@code Interrupted} if it has been asked to stop. */
  default void checkCancelled() {
    if (cancelled()) {
      throw new ProgressError.Interrupted("stopped on request").toException();
    }
  }
}
