package dev.cairn.snapshot.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How remote stores are reached: timeouts, retries, how many parts are fetched ahead, whether an
 * HTTPS certificate is checked, and where an S3-compatible store is.
 *
 * @param connectTimeout how long a connection may take to open
 * @param stallTimeout how long a transfer may go without a byte (or an answer) before it is
 *     dropped and resumed
 * @param retries how many failures in a row, without a byte of progress between them, a
 *     transfer survives
 * @param firstBackoff the wait before the first retry; each next one waits twice as long, at most
 *     {@link #MAX_BACKOFF}
 * @param parallel how many parts of a split snapshot are fetched ahead of the one being read
 * @param insecure HTTPS without checking the server's certificate (said on standard error)
 * @param s3Endpoint an S3-compatible store's endpoint (path-style requests), else AWS's
 * @param s3Region the S3 region, else the AWS SDK's default chain (or {@code us-east-1} for an
 *     endpoint given)
 */
public record RemoteOptions(Duration connectTimeout, Duration stallTimeout, int retries,
    Duration firstBackoff, int parallel, boolean insecure, Optional<URI> s3Endpoint,
    Optional<String> s3Region) {

  /** The longest wait between two retries. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** The most parts fetched ahead. */
  public static final int MAX_PARALLEL = 32;

  /**
   * Defaults for a multi-gigabyte download over a slow or busy link: 30 s to connect, 60 s
   * without a byte, 8 retries from 1 s (about 2 minutes of backoff), 4 parts ahead.
   */
  public static final RemoteOptions DEFAULTS = new RemoteOptions(Duration.ofSeconds(30),
      Duration.ofSeconds(60), 8, Duration.ofSeconds(1), 4, false, Optional.empty(),
      Optional.empty());

  public RemoteOptions {
    if (retries < 0 || parallel < 1 || parallel > MAX_PARALLEL || connectTimeout.isNegative()
        || connectTimeout.isZero() || stallTimeout.isNegative() || stallTimeout.isZero()
        || firstBackoff.isNegative()) {
      throw new IllegalArgumentException("remote options out of range");
    }
  }

  public RemoteOptions withS3(Optional<URI> endpoint, Optional<String> region) {
    return new RemoteOptions(connectTimeout, stallTimeout, retries, firstBackoff, parallel,
        insecure, endpoint, region);
  }

  public RemoteOptions withTimeouts(Duration connect, Duration stall, int retryCount,
      Duration backoff) {
    return new RemoteOptions(connect, stall, retryCount, backoff, parallel, insecure,
        s3Endpoint, s3Region);
  }

  public RemoteOptions withParallel(int parts) {
    return new RemoteOptions(connectTimeout, stallTimeout, retries, firstBackoff, parts,
        insecure, s3Endpoint, s3Region);
  }

  public RemoteOptions withInsecure(boolean skipCertificateChecks) {
    return new RemoteOptions(connectTimeout, stallTimeout, retries, firstBackoff, parallel,
        skipCertificateChecks, s3Endpoint, s3Region);
  }

  /** The wait before retry number {@code attempt} (from 1). */
  Duration backoff(int attempt) {
    Duration wait = firstBackoff;
    for (int i = 1; i < attempt && wait.compareTo(MAX_BACKOFF) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }
}
