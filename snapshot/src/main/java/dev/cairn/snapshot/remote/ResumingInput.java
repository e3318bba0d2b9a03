package dev.cairn.snapshot.remote;

import dev.cairn.error.CauseText;
import dev.cairn.progress.ProgressError;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * A remote object read from its first byte to its last as one stream, across as many requests as
 * it takes, and the one place where downloads are made safe.
 *
 * <ul>
 *   <li><b>Windows.</b> Bytes are asked for in ranges that start at 16 KiB and double up to 64
 *       MiB: a reader that stops early (as {@code snapshot info} does after the first members)
 *       has made the server send little more than it read, and a long download costs a request
 *       per 64 MiB.
 *   <li><b>Resume.</b> A refused or dropped connection, an answer that ends early, a stall (no
 *       byte for the stall timeout), a 408, 429 or 5xx: the reader waits (doubling from the first
 *       backoff) and asks again from the byte where it stopped, with {@code If-Range} (HTTP) or
 *       {@code If-Match} (S3). After {@code retries} failures in a row without a byte between
 *       them, it gives up: {@code Source_unreachable}, or the last status as {@code Remote_error}.
 *   <li><b>Identity.</b> The first answer fixes the object's length, entity tag and modification
 *       time; any later answer that disagrees is {@code Source_changed}. A length given by a
 *       manifest must be the store's before a byte is taken.
 *   <li><b>Servers without ranges</b> (they answer 200 with the whole file): the same version
 *       (by entity tag or date, when given) is read on from there, the bytes already had skipped
 *       and counted, with no more windows. A resume then re-reads from the start.
 *   <li><b>Exact lengths.</b> Each answer must carry exactly what its headers declared: fewer is
 *       a dropped transfer (resumed), one byte more is {@code Remote_error}.
 * </ul>
 */
final class ResumingInput extends InputStream {

  static final int FIRST_WINDOW = 16 << 10;
  static final int MAX_WINDOW = 64 << 20;

  private final RemoteObject object;
  private final Remotes remotes;
  private final OptionalLong expectedLength;
  private final LongFunction<RuntimeException> wrongLength;
  private final String shown;
  private Optional<RemoteObject.Identity> identity = Optional.empty();
  private long position;
  private long window = FIRST_WINDOW;
  /** The server answers ranges with the whole file: read on through one answer. */
  private boolean wholeAnswers;
  private volatile RemoteObject.Body body;
  private volatile Remotes.Watched watch;
  private long bodyLeft;
  private int failures;
  /** Whether a byte came since the last failure: a transfer that was moving is retried at once. */
  private boolean progressed;
  private volatile boolean closed;

  /**
   * {@code expectedLength}, if given, must be the store's length before a byte is taken; else
   * {@code wrongLength} of the store's length is thrown.
   */
  ResumingInput(RemoteObject object, Remotes remotes, OptionalLong expectedLength,
      LongFunction<RuntimeException> wrongLength) {
    this.object = object;
    this.remotes = remotes;
    this.expectedLength = expectedLength;
    this.wrongLength = wrongLength;
    this.shown = object.location().display();
  }

  /** The object's length, as its store says (asking for the first bytes if not asked yet). */
  long length() throws IOException {
    while (identity.isEmpty()) {
      try {
        openBody();
      } catch (IOException e) {
        failed(e);
      }
    }
    return identity.get().length();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    if (length == 0) {
      return 0;
    }
    while (true) {
      if (identity.isPresent() && position == identity.get().length()) {
        return -1;
      }
      try {
        RemoteObject.Body answer = body;
        if (answer == null) {
          openBody();
          continue;
        }
        Remotes.Watched watching = watch;
        watching.reading(true);
        int n;
        try {
          n = answer.in().read(buffer, offset, (int) Math.min(length, bodyLeft));
        } finally {
          watching.reading(false);
        }
        if (n < 0) {
          throw new IOException("the answer ended " + bodyLeft + " bytes early");
        }
        watching.moved();
        position += n;
        bodyLeft -= n;
        remotes.counted(n);
        if (n > 0) {
          failures = 0;
          progressed = true;
        }
        if (bodyLeft == 0) {
          finishBody();
        }
        return n;
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  /** Asks for the next window (or the rest), and checks the answer against what came before. */
  private void openBody() throws IOException {
    if (remotes.cancelled()) {
      throw new ProgressError.Interrupted("stopped while downloading " + shown).toException();
    }
    long last = wholeAnswers ? -1 : position + window - 1;
    if (identity.isPresent() && last >= identity.get().length() - 1) {
      last = -1;
    }
    RemoteObject.Body answer = object.get(position, last, identity);
    watch = remotes.watch(answer.abort());
    body = answer;
    if (closed) {
      dropBody();
      throw new IOException("closed");
    }
    if (identity.isPresent()) {
      Optional<String> difference = identity.get().differenceFrom(answer.identity());
      if (difference.isPresent()) {
        dropBody();
        throw new RemoteSourceError.SourceChanged(shown, difference.get()).toException();
      }
    } else {
      if (expectedLength.isPresent() && answer.identity().length() != expectedLength.getAsLong()) {
        dropBody();
        throw wrongLength.apply(answer.identity().length());
      }
      identity = Optional.of(answer.identity());
    }
    if (answer.partial()) {
      bodyLeft = answer.length();
      window = Math.min(window * 2, MAX_WINDOW);
    } else {
      wholeAnswers = true;
      skip(answer, position);
      bodyLeft = answer.length() - position;
    }
  }

  /** Reads past the {@code count} bytes already had of a whole answer. */
  private void skip(RemoteObject.Body answer, long count) throws IOException {
    byte[] scratch = new byte[1 << 16];
    long left = count;
    while (left > 0) {
      watch.reading(true);
      int n;
      try {
        n = answer.in().read(scratch, 0, (int) Math.min(scratch.length, left));
      } finally {
        watch.reading(false);
      }
      if (n < 0) {
        throw new IOException("the answer ended before the byte to resume from");
      }
      watch.moved();
      remotes.counted(n);
      left -= n;
    }
  }

  /**
   * The answer's declared bytes are all read: it must end there. Its end failing to come (a
   * connection reset before a chunked answer's last chunk) loses nothing: every byte declared is
   * in hand, so the answer is simply dropped.
   */
  private void finishBody() {
    int more;
    watch.reading(true);
    try {
      more = body.in().read();
    } catch (IOException e) {
      more = -1;
    } finally {
      watch.reading(false);
    }
    dropBody();
    if (more >= 0) {
      throw new RemoteSourceError.RemoteError(shown, 0, "the server sent more than it "
          + "declared for bytes up to " + (position - 1)).toException();
    }
  }

  private void failed(IOException cause) throws IOException {
    boolean stalled = watch != null && watch.stalled();
    boolean aborted = watch != null && watch.aborted();
    dropBody();
    if (closed) {
      throw new IOException("closed", cause);
    }
    if (aborted && !stalled || remotes.cancelled()) {
      throw new ProgressError.Interrupted("stopped while downloading " + shown)
          .toException(cause);
    }
    failures++;
    String why = stalled ? "no byte for " + seconds(remotes.options().stallTimeout())
        : describe(cause);
    int retries = remotes.options().retries();
    if (failures > retries) {
      if (cause instanceof RemoteObject.TransientStatus status) {
        throw new RemoteSourceError.RemoteError(shown, status.status(), "still failing after "
            + retries + " retries").toException(cause);
      }
      throw new RemoteSourceError.SourceUnreachable(shown, why + (retries > 0 ? " (after "
          + retries + " retries)" : "")).toException(cause);
    }
    // A transfer cut while it was moving is asked for again at once; failures in a row, with no
    // byte between them, wait longer and longer.
    Duration wait = progressed ? Duration.ZERO : remotes.options().backoff(failures);
    progressed = false;
    remotes.notice(String.format(Locale.ROOT, "%s: %s at byte %,d; retry %d of %d %s",
        shown, why, position, failures, retries, wait.isZero() ? "now"
            : "in " + seconds(wait)));
    pause(wait);
  }

  /** What went wrong, in our words (the library's text only in parentheses). */
  private static String describe(IOException cause) {
    if (cause instanceof RemoteObject.TransientStatus) {
      return cause.getMessage();
    }
    if (cause instanceof java.net.ConnectException
        || cause instanceof java.net.http.HttpConnectTimeoutException
        || cause instanceof java.net.UnknownHostException) {
      return "could not connect (" + CauseText.of(cause) + ")";
    }
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return "no answer in time";
    }
    return "the transfer broke off (" + CauseText.of(cause) + ")";
  }

  private void pause(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    try {
      for (long left = wait.toNanos(); left > 0; left = until - System.nanoTime()) {
        if (remotes.cancelled()) {
          throw new ProgressError.Interrupted("stopped while waiting to retry " + shown)
              .toException();
        }
        Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProgressError.Interrupted("stopped while waiting to retry " + shown)
          .toException(e);
    }
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
        : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private void dropBody() {
    RemoteObject.Body answer = body;
    if (answer != null) {
      body = null;
      remotes.unwatch(watch);
      answer.abort().run();
    }
    watch = null;
  }

  @Override
  public void close() {
    closed = true;
    dropBody();
  }
}
