package dev.cairn.snapshot;

import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.testsupport.remote.HttpFileServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The remote-source contract over HTTP, from the JDK's server with ranges. */
class HttpSourceTest extends RemoteSourceContractTest {

  @TempDir
  static Path shared;
  static RemoteFixtures fixtures;
  static HttpFileServer server;

  @BeforeAll
  static void serve() throws IOException {
    fixtures = RemoteFixtures.make(shared);
    server = HttpFileServer.serve(fixtures.dir());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  RemoteFixtures fixtures() {
    return fixtures;
  }

  @Override
  String location(String name) {
    return server.url(name).toString();
  }

  @Override
  RemoteOptions options() {
    return quick(RemoteOptions.DEFAULTS.withParallel(3));
  }
}
