package dev.cairn.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's web server: the plain files of one directory on 127.0.0.1, with single {@code
 * Range} requests and an entity tag, as any static server has; it can drop one connection
 * part-way, to show a download resumed. For the demo only: no listing, no other file.
 */
final class DemoFileServer implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path dir;
  private final AtomicLong dropAfter = new AtomicLong(-1);
  private volatile String dropName = "";

  private DemoFileServer(Path dir) throws IOException {
    this.dir = dir;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    executor = Executors.newFixedThreadPool(4, task -> {
      Thread thread = new Thread(task, "demo-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static DemoFileServer serve(Path dir) throws IOException {
    return new DemoFileServer(dir);
  }

  URI url(String name) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
  }

  /** The next answer for {@code name} stops after {@code bytes} bytes, its connection closed. */
  void dropNextAfter(String name, long bytes) {
    dropName = name;
    dropAfter.set(bytes);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring(1);
    Path file = name.isEmpty() || name.contains("/") ? null : dir.resolve(name);
    if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    long size = Files.size(file);
    String etag = "\"" + size + "-" + Files.getLastModifiedTime(file).toMillis() + "\"";
    exchange.getResponseHeaders().add("ETag", etag);
    long first = 0;
    long last = size - 1;
    String range = exchange.getRequestHeaders().getFirst("Range");
    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
    Matcher matcher = range == null ? null : RANGE.matcher(range);
    int status = 200;
    if (matcher != null && matcher.matches() && (ifRange == null || ifRange.equals(etag))) {
      first = Long.parseLong(matcher.group(1));
      last = matcher.group(2).isEmpty() ? last : Math.min(last, Long.parseLong(matcher.group(2)));
      if (first > last) {
        exchange.getResponseHeaders().add("Content-Range", "bytes */" + size);
        exchange.sendResponseHeaders(416, -1);
        exchange.close();
        return;
      }
      status = 206;
      exchange.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/"
          + size);
    }
    long length = last - first + 1;
    long drop = name.equals(dropName) ? dropAfter.getAndSet(-1) : -1;
    long send = drop >= 0 ? Math.min(drop, length) : length;
    exchange.sendResponseHeaders(status, length);
    OutputStream out = exchange.getResponseBody();
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(first);
      byte[] buffer = new byte[1 << 16];
      for (long left = send; left > 0; ) {
        int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
        out.write(buffer, 0, n);
        left -= n;
      }
      out.flush();
    }
    if (send < length) {
      // Thrown out of the handler, the JDK's server closes the connection: a dropped download.
      throw new IOException("dropped on purpose, to show a resumed download");
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
