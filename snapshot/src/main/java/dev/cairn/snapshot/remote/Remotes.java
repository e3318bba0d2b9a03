package dev.cairn.snapshot.remote;

import dev.cairn.progress.Progress;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The remote stores of one command: the HTTP client and the S3 client (each made on first use),
 * the watchdog that drops a transfer that stalls or that the user stops, and the count of bytes
 * downloaded, which the progress line shows apart from the work's own rate.
 *
 * <p>A transfer is watched from a single daemon thread that looks at every open one a few times
 * a second: one without a byte for {@link RemoteOptions#stallTimeout()} is aborted (and resumed
 * by its reader), and every one is aborted once {@code cancelled} says so.
 */
public final class Remotes implements AutoCloseable {

  private final RemoteOptions options;
  private final Progress progress;
  private final BooleanSupplier cancelled;
  private final AtomicLong downloaded = new AtomicLong();
  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watchdog;
  private HttpClient http;
  private boolean downloadsShown;
  private S3Client s3;

  /** One transfer under watch: when it last moved, and how to abort it. */
  static final class Watched {
    private final Runnable abort;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean reading;
    private volatile boolean stalled;
    private volatile boolean aborted;

    Watched(Runnable abort) {
      this.abort = abort;
    }

    void moved() {
      lastProgress = System.nanoTime();
    }

    /**
     * Whether the reader is blocked in a read now: only then can the transfer stall (time the
     * reader spends elsewhere is not the server's).
     */
    void reading(boolean now) {
      if (now) {
        lastProgress = System.nanoTime();
      }
      reading = now;
    }

    boolean stalled() {
      return stalled;
    }

    boolean aborted() {
      return aborted;
    }

    private void abort(boolean stall) {
      stalled = stall;
      aborted = true;
      try {
        abort.run();
      } catch (RuntimeException ignored) {
        // The transfer is being dropped; how its abort went changes nothing.
      }
    }
  }

  public Remotes(RemoteOptions options, Progress progress, BooleanSupplier cancelled) {
    this.options = options;
    this.progress = progress;
    this.cancelled = cancelled;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "cairn-remote-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(20, Math.min(250, options.stallTimeout().toMillis() / 4));
    watchdog.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
  }

  public RemoteOptions options() {
    return options;
  }

  /**
   * A stream of the object at {@code location}, resumed across failures; {@code expectedLength}
   * (from a manifest) is checked against what the store says before a byte is taken.
   */
  public InputStream open(RemoteLocation location, OptionalLong expectedLength) {
    return open(location, expectedLength, found -> new RemoteSourceError.SourceChanged(
        location.display(), "the store says it is " + found + " bytes, not the "
        + expectedLength.orElse(-1) + " expected").toException());
  }

  /**
   * As {@link #open(RemoteLocation, OptionalLong)}, a length that is not {@code expectedLength}
   * refused with {@code wrongLength} of the store's (a manifest's reader says it its own way).
   */
  public InputStream open(RemoteLocation location, OptionalLong expectedLength,
      java.util.function.LongFunction<RuntimeException> wrongLength) {
    synchronized (this) {
      if (!downloadsShown) {
        downloadsShown = true;
        progress.downloads(downloaded::get);
      }
    }
    return new ResumingInput(object(location), this, expectedLength, wrongLength);
  }

  RemoteObject object(RemoteLocation location) {
    if (location instanceof RemoteLocation.S3 s3Location) {
      return new S3RemoteObject(s3Client(), s3Location);
    }
    return new HttpObject(httpClient(), (RemoteLocation.Http) location, options,
        cancelled);
  }

  /**
   * The JDK client's buffer: it hands the reader 16 KiB at a time by default, one hand-off
   * between threads each; 256 KiB makes a 225 MB download 900 hand-offs instead of 14,000 (on
   * loopback, an import from HTTP 15% faster; docs/BENCHMARKS.md). Read once, when the client's
   * classes load, so it is set before the first client is made, unless the user set it.
   */
  private static final String CLIENT_BUFFER = "jdk.httpclient.bufsize";

  synchronized HttpClient httpClient() {
    if (http == null) {
      if (System.getProperty(CLIENT_BUFFER) == null) {
        System.setProperty(CLIENT_BUFFER, Integer.toString(256 << 10));
      }
      HttpClient.Builder builder = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(options.connectTimeout())
          // Redirects are followed by HttpObject, which refuses https to http and counts them.
          .followRedirects(HttpClient.Redirect.NEVER);
      if (options.insecure()) {
        builder.sslContext(trustingEveryCertificate());
      }
      http = builder.build();
    }
    return http;
  }

  /** The S3 client, made on first use. */
  public synchronized S3Client s3Client() {
    if (s3 == null) {
      s3 = S3Clients.create(options);
    }
    return s3;
  }

  Watched watch(Runnable abort) {
    Watched transfer = new Watched(abort);
    watched.add(transfer);
    return transfer;
  }

  void unwatch(Watched transfer) {
    watched.remove(transfer);
  }

  void counted(long bytes) {
    downloaded.addAndGet(bytes);
  }

  /** Whether the command has been asked to stop. */
  public boolean cancelled() {
    return cancelled.getAsBoolean();
  }

  void notice(String line) {
    progress.notice(line);
  }

  private void look() {
    boolean stop = cancelled.getAsBoolean();
    long now = System.nanoTime();
    long limit = options.stallTimeout().toNanos();
    for (Watched transfer : watched) {
      if (!transfer.aborted && (stop || transfer.reading && now - transfer.lastProgress > limit)) {
        transfer.abort(!stop);
      }
    }
  }

  private static SSLContext trustingEveryCertificate() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {new TrustingEveryCertificate()},
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS here", e);
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    synchronized (this) {
      Optional.ofNullable(s3).ifPresent(S3Client::close);
      s3 = null;
    }
  }
}
