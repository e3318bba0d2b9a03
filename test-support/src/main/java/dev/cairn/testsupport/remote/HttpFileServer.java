package dev.cairn.testsupport.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A static file server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}), serving the
 * files of one directory with what a real one has (single {@code Range} requests, {@code
 * If-Range}, {@code ETag}, {@code Last-Modified}), and faults to inject, each taken by the next
 * GET: drop the connection after N bytes, answer a status, ignore the range, change the file,
 * stall, declare a length it does not keep. It counts the body bytes it sends and logs each
 * request, so a test can say what a client fetched.
 */
public final class HttpFileServer implements AutoCloseable {

  /** Something the next GET does wrong. */
  public sealed interface Fault {}

  /** Sends {@code bytes} of the body, then closes the connection. */
  public record DropAfter(long bytes) implements Fault {}

  /**
   * Cuts the first answer whose range holds byte {@code position} of the file there, and closes
   * its connection; answers before it are not touched (the fault waits for its answer).
   */
  public record DropAt(long position) implements Fault {}

  /** Answers {@code status} with an empty body. */
  public record Status(int status) implements Fault {}

  /** Answers a range request with the whole file (200). */
  public record IgnoreRange() implements Fault {}

  /** Sends {@code bytes} of the body, drops, and the file is then another version. */
  public record ChangeAfter(long bytes) implements Fault {}

  /** Sends {@code bytes} of the body, then sends nothing more until the server stops. */
  public record StallAfter(long bytes) implements Fault {}

  /** Declares a Content-Length one byte shorter than its Content-Range, and sends that. */
  public record ShortLength() implements Fault {}

  /** Sends {@code extra} bytes more than the range it declares (chunked). */
  public record SendMore(int extra) implements Fault {}

  /**
   * Sends the whole range chunked, then closes the connection before the last (empty) chunk: a
   * reset after the data, before the answer's end.
   */
  public record ChunkedThenDrop() implements Fault {}

  /** Redirects to {@code location}. */
  public record Redirect(String location) implements Fault {}

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME
      .withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path dir;
  private final String scheme;
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final Map<String, Long> padded = new ConcurrentHashMap<>();
  private final Map<String, Integer> versions = new ConcurrentHashMap<>();
  private final AtomicLong bytesServed = new AtomicLong();
  private final AtomicInteger gets = new AtomicInteger();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean rangesIgnored;

  private HttpFileServer(HttpServer server, ExecutorService executor, Path dir, String scheme) {
    this.server = server;
    this.executor = executor;
    this.dir = dir;
    this.scheme = scheme;
  }

  /** Serves {@code dir} over HTTP on a free port of 127.0.0.1. */
  public static HttpFileServer serve(Path dir) throws IOException {
    return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        64), dir, "http");
  }

  /** Serves {@code dir} over HTTPS with {@code tls} (a self-signed certificate, say). */
  public static HttpFileServer serveTls(Path dir, SSLContext tls) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(
        InetAddress.getLoopbackAddress(), 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return start(server, dir, "https");
  }

  private static HttpFileServer start(HttpServer server, Path dir, String scheme) {
    ExecutorService executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "test-http-server");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    HttpFileServer files = new HttpFileServer(server, executor, dir, scheme);
    server.createContext("/", files::handle);
    server.start();
    return files;
  }

  /** The URL of {@code name} (a path under the served directory). */
  public URI url(String name) {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
  }

  /** Injects {@code fault} into the next GET that has not taken one. */
  public void inject(Fault fault) {
    faults.add(fault);
  }

  /** Answers every range request with the whole file, as {@code python3 -m http.server}. */
  public void ignoreRanges() {
    rangesIgnored = true;
  }

  /** Serves {@code name} as its bytes followed by zeros up to {@code length} bytes. */
  public void padWithZeros(String name, long length) {
    padded.put(name, length);
  }

  /** The body bytes sent so far. */
  public long bytesServed() {
    return bytesServed.get();
  }

  /** The GET requests answered so far. */
  public int gets() {
    return gets.get();
  }

  /** Each request so far: method, path, Range and If-Range headers. */
  public List<String> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Answers one request. A fault that cuts an answer short throws out of here: the JDK's server
   * then closes the connection, which is what a client sees of a dropped transfer.
   */
  private void handle(HttpExchange exchange) throws IOException {
    if (answer(exchange)) {
      exchange.close();
      return;
    }
    throw new IOException("a fault cut the answer short: the connection is dropped");
  }

  /** Answers; false when the answer was cut short. */
  private boolean answer(HttpExchange exchange) throws IOException {
    {
      String name = exchange.getRequestURI().getPath().substring(1);
      String range = exchange.getRequestHeaders().getFirst("Range");
      String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
      log.add(exchange.getRequestMethod() + " " + name + " range=" + range + " if-range="
          + ifRange);
      Path file = dir.resolve(name).normalize();
      if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return true;
      }
      boolean head = exchange.getRequestMethod().equals("HEAD");
      Fault fault = head ? null : faults.peek();
      if (fault != null && !(fault instanceof DropAt)) {
        faults.remove(fault);
      }
      if (!head) {
        gets.incrementAndGet();
      }
      if (fault instanceof Status status) {
        exchange.sendResponseHeaders(status.status(), -1);
        return true;
      }
      if (fault instanceof Redirect redirect) {
        exchange.getResponseHeaders().add("Location", redirect.location());
        exchange.sendResponseHeaders(302, -1);
        return true;
      }
      int version = versions.getOrDefault(name, 0);
      long real = Files.size(file);
      long total = padded.getOrDefault(name, real);
      long modified = Files.getLastModifiedTime(file).toMillis() / 1000 * 1000 + version * 1000L;
      String etag = "\"" + total + "-" + Long.toHexString(modified) + "-" + version + "\"";
      String date = HTTP_DATE.format(Instant.ofEpochMilli(modified));
      exchange.getResponseHeaders().add("ETag", etag);
      exchange.getResponseHeaders().add("Last-Modified", date);
      exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
      long first = 0;
      long last = total - 1;
      boolean partial = false;
      Matcher matcher = range == null ? null : RANGE.matcher(range);
      boolean rangeHonoured = matcher != null && matcher.matches() && !rangesIgnored
          && !(fault instanceof IgnoreRange)
          && (ifRange == null || ifRange.equals(etag) || ifRange.equals(date));
      if (rangeHonoured) {
        first = Long.parseLong(matcher.group(1));
        if (!matcher.group(2).isEmpty()) {
          last = Math.min(last, Long.parseLong(matcher.group(2)));
        }
        if (first >= total || first > last) {
          exchange.getResponseHeaders().add("Content-Range", "bytes */" + total);
          exchange.sendResponseHeaders(416, -1);
          return true;
        }
        partial = true;
        exchange.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/"
            + total);
      }
      if (fault instanceof DropAt at) {
        if (at.position() < first || at.position() > last) {
          fault = null; // not this answer's: it waits for its own
        } else {
          faults.remove(at);
          fault = new DropAfter(at.position() - first);
        }
      }
      long length = last - first + 1;
      if (head) {
        exchange.sendResponseHeaders(partial ? 206 : 200, -1);
        return true;
      }
      long declared = fault instanceof ShortLength ? length - 1 : length;
      long send = fault instanceof DropAfter drop ? Math.min(drop.bytes(), length)
          : fault instanceof ChangeAfter change ? Math.min(change.bytes(), length)
          : fault instanceof StallAfter stall ? Math.min(stall.bytes(), length)
          : declared;
      int extra = fault instanceof SendMore more ? more.extra() : 0;
      boolean chunked = extra > 0 || fault instanceof ChunkedThenDrop;
      exchange.sendResponseHeaders(partial ? 206 : 200, chunked ? 0 : declared);
      OutputStream out = exchange.getResponseBody();
      try (InputStream in = Files.newInputStream(file)) {
        copy(in, real, first, send, version, out);
        if (extra > 0) {
          out.write(new byte[extra]);
          bytesServed.addAndGet(extra);
        }
        out.flush();
        if (fault instanceof ChangeAfter) {
          versions.merge(name, 1, Integer::sum);
        }
        if (fault instanceof StallAfter) {
          stopping.await();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return send >= declared && !(fault instanceof ChunkedThenDrop);
    }
  }

  /**
   * Sends {@code count} bytes of the served file from {@code first}: the file's bytes, zeros
   * past its end, and in a changed version every byte inverted.
   */
  private void copy(InputStream in, long real, long first, long count, int version,
      OutputStream out) throws IOException {
    in.skipNBytes(Math.min(first, real));
    byte[] buffer = new byte[1 << 16];
    long position = first;
    long left = count;
    while (left > 0) {
      int n = (int) Math.min(buffer.length, left);
      if (position < real) {
        n = in.readNBytes(buffer, 0, (int) Math.min(n, real - position));
      } else {
        java.util.Arrays.fill(buffer, 0, n, (byte) 0);
      }
      if (version % 2 == 1) {
        for (int i = 0; i < n; i++) {
          buffer[i] = (byte) ~buffer[i];
        }
      }
      out.write(buffer, 0, n);
      bytesServed.addAndGet(n);
      position += n;
      left -= n;
    }
  }

  @Override
  public void close() {
    stopping.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
