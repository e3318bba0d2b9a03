package dev.cairn.snapshot.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLHandshakeException;
import dev.cairn.progress.ProgressError;

/**
 * A file at an HTTP(S) URL, read by {@code Range} requests with {@code If-Range} through the JDK's
 * client. Redirects are followed here, at most {@link #MAX_REDIRECTS}, never from https to http.
 * A partial answer's {@code Content-Range} must be the range asked and agree with its {@code
 * Content-Length}; a whole answer must say its length.
 */
final class HttpObject implements RemoteObject {

  static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final RemoteLocation.Http location;
  private final RemoteOptions options;
  private final BooleanSupplier stopped;

  /** {@code stopped} says when a request waiting for its answer must give up. */
  HttpObject(HttpClient client, RemoteLocation.Http location, RemoteOptions options,
      BooleanSupplier stopped) {
    this.client = client;
    this.location = location;
    this.options = options;
    this.stopped = stopped;
  }

  @Override
  public RemoteLocation location() {
    return location;
  }

  @Override
  public Body get(long first, long last, Optional<Identity> expected) throws IOException {
    URI at = location.uri();
    // Once https, always https: every hop of the chain is judged, whatever case its scheme has.
    boolean secure = location.https();
    for (int redirects = 0; ; redirects++) {
      HttpRequest.Builder request;
      try {
        request = HttpRequest.newBuilder(at).GET().timeout(options.stallTimeout())
            .header("Accept-Encoding", "identity");
      } catch (IllegalArgumentException e) {
        throw new RemoteSourceError.RemoteError(location.display(), 0, "redirected to "
            + RemoteLocation.Http.withoutSecrets(at.toString()) + ", which is not a URL a "
            + "request can be made of").toException(e);
      }
      if (first > 0 || last >= 0) {
        request.header("Range", "bytes=" + first + "-" + (last >= 0 ? Long.toString(last) : ""));
        expected.flatMap(Identity::validator).ifPresent(v -> request.header("If-Range", v));
      }
      HttpResponse<InputStream> response = send(request.build());
      int status = response.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        response.body().close();
        at = redirected(at, response, redirects, secure);
        continue;
      }
      if (status == 206 || status == 200) {
        return body(response, status == 206, first, last);
      }
      response.body().close();
      if (TransientStatus.covers(status)) {
        throw new TransientStatus(status);
      }
      if (status == 412 || status == 416 && expected.isPresent()) {
        throw new RemoteSourceError.SourceChanged(location.display(), "the server answered "
            + status + " to a request for bytes from " + first).toException();
      }
      throw new RemoteSourceError.RemoteError(location.display(), status, meaning(status))
          .toException();
    }
  }

  /**
   * Sends {@code request} and waits for its answer's headers (at most the stall timeout, the
   * request's own), a little at a time, so that a stop request is heard at once.
   */
  private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    CompletableFuture<HttpResponse<InputStream>> answer = client.sendAsync(request,
        HttpResponse.BodyHandlers.ofInputStream());
    try {
      while (true) {
        try {
          return answer.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (stopped.getAsBoolean()) {
            answer.cancel(true);
            throw new ProgressError.Interrupted("stopped while waiting for "
                + location.display()).toException();
          }
        }
      }
    } catch (ExecutionException e) {
      throw unwrapped(e.getCause());
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** What {@code client.send} would have thrown for {@code cause}. */
  private IOException unwrapped(Throwable cause) {
    try {
      throw cause;
    } catch (SSLHandshakeException e) {
      throw new RemoteSourceError.SourceUnreachable(location.display(), "the TLS handshake "
          + "failed: the server's certificate is not trusted here, or does not name this host "
          + "(--insecure skips the check, and says so)").toException(e);
    } catch (IOException e) {
      return e;
    } catch (IllegalArgumentException e) {
      throw new RemoteSourceError.RemoteError(location.display(), 0, "a request could not "
          + "be made of it").toException(e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      return new IOException(e);
    }
  }

  private URI redirected(URI from, HttpResponse<?> response, int redirects, boolean secure) {
    Optional<String> target = response.headers().firstValue("Location");
    if (target.isEmpty()) {
      throw new RemoteSourceError.RemoteError(location.display(), response.statusCode(),
          "a redirect without a Location").toException();
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new RemoteSourceError.RemoteError(location.display(), response.statusCode(),
          "more than " + MAX_REDIRECTS + " redirects").toException();
    }
    URI next;
    try {
      next = from.resolve(target.get());
    } catch (IllegalArgumentException e) {
      throw new RemoteSourceError.RemoteError(location.display(), response.statusCode(),
          "a redirect to something that is not a URL").toException(e);
    }
    String scheme = next.getScheme() == null ? ""
        : next.getScheme().toLowerCase(java.util.Locale.ROOT);
    if ((secure || from.getScheme().equalsIgnoreCase("https")) && !scheme.equals("https")) {
      throw new RemoteSourceError.RemoteError(location.display(), response.statusCode(),
          "a redirect from https to " + RemoteLocation.Http.withoutSecrets(next.toString())
          + " is refused (it would drop the encryption)").toException();
    }
    if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
      throw new RemoteSourceError.RemoteError(location.display(), response.statusCode(),
          "a redirect to something other than an http(s) URL with a host").toException();
    }
    return next;
  }

  private Body body(HttpResponse<InputStream> response, boolean partial, long first, long last)
      throws IOException {
    OptionalLong declared = contentLength(response);
    Optional<String> etag = response.headers().firstValue("ETag");
    Optional<String> modified = response.headers().firstValue("Last-Modified");
    InputStream in = response.body();
    if (partial) {
      String header = response.headers().firstValue("Content-Range").orElse(null);
      ContentRange range = ContentRange.parse(header).orElse(null);
      String problem = range == null ? "a partial answer without a valid Content-Range"
          : range.first() != first ? "it sent bytes from " + range.first() + " when asked for "
              + "bytes from " + first
          : last >= 0 && range.last() > last ? "it sent bytes up to " + range.last()
              + " when asked for bytes up to " + last
          : declared.isPresent() && declared.getAsLong() != range.length() ? "its "
              + "Content-Length (" + declared.getAsLong() + ") is not the length of its "
              + "Content-Range (" + range.length() + ")"
          : null;
      if (problem != null) {
        in.close();
        throw new RemoteSourceError.RemoteError(location.display(), 206, problem).toException();
      }
      return new Body(true, first, range.length(), new Identity(range.total(), etag, modified),
          in, () -> closeQuietly(in));
    }
    if (declared.isEmpty()) {
      in.close();
      throw new RemoteSourceError.RemoteError(location.display(), 200, "the server does not "
          + "say how long the file is (no Content-Length): a download could not be checked "
          + "for its end or resumed").toException();
    }
    long length = declared.getAsLong();
    return new Body(false, 0, length, new Identity(length, etag, modified), in,
        () -> closeQuietly(in));
  }

  private OptionalLong contentLength(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Content-Length");
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    String digits = value.get().trim();
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      throw new RemoteSourceError.RemoteError(location.display(), response.statusCode(),
          "a Content-Length that is not a length").toException();
    }
    return OptionalLong.of(Long.parseLong(digits));
  }

  private static String meaning(int status) {
    return switch (status) {
      case 401, 403 -> "access refused";
      case 404, 410 -> "no such file";
      case 416 -> "the range asked is not in the file";
      default -> status >= 300 && status < 400 ? "an unexpected redirect"
          : "the request was refused";
    };
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // Aborting: the stream is dropped either way.
    }
  }
}
