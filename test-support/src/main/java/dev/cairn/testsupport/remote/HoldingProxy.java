package dev.cairn.testsupport.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 to a local port that holds a request in flight: the first connection
 * whose client sends {@code marker} (a request line's text, {@code partNumber=} say) stops being
 * forwarded there, until {@link #release()}. A test waits for the hold ({@link #awaitHeld}),
 * acts (signals the client), then releases: synchronised on what the client sent, never on time.
 */
public final class HoldingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final byte[] marker;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

  private HoldingProxy(int target, String marker) throws IOException {
    this.target = target;
    this.marker = marker.getBytes(StandardCharsets.US_ASCII);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept, "test-proxy-accept");
  }

  /** A proxy to {@code port} on 127.0.0.1 that holds the first request holding {@code marker}. */
  public static HoldingProxy to(int port, String marker) throws IOException {
    return new HoldingProxy(port, marker);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Waits until a request is held; false if none is within {@code seconds}. */
  public boolean awaitHeld(long seconds) throws InterruptedException {
    return held.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets the held request, and everything after it, through. */
  public void release() {
    released.countDown();
  }

  private void accept() {
    try {
      while (!server.isClosed()) {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
        sockets.add(client);
        sockets.add(upstream);
        daemon(() -> pump(client, upstream, true), "test-proxy-up");
        daemon(() -> pump(upstream, client, false), "test-proxy-down");
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void pump(Socket from, Socket to, boolean watched) {
    byte[] buffer = new byte[1 << 16];
    byte[] tail = new byte[0];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (watched && held.getCount() > 0) {
          byte[] seen = new byte[tail.length + n];
          System.arraycopy(tail, 0, seen, 0, tail.length);
          System.arraycopy(buffer, 0, seen, tail.length, n);
          if (contains(seen, marker)) {
            held.countDown();
            released.await();
          }
          tail = java.util.Arrays.copyOfRange(seen, Math.max(0, seen.length - marker.length),
              seen.length);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // one side went away: both are closed below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    server.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }
}
