package dev.cairn.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.importing.SnapshotImporter;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.testsupport.remote.HttpFileServer;
import dev.cairn.testsupport.remote.HttpFileServer.ChangeAfter;
import dev.cairn.testsupport.remote.HttpFileServer.DropAfter;
import dev.cairn.testsupport.remote.HttpFileServer.IgnoreRange;
import dev.cairn.testsupport.remote.HttpFileServer.Redirect;
import dev.cairn.testsupport.remote.HttpFileServer.SendMore;
import dev.cairn.testsupport.remote.HttpFileServer.ShortLength;
import dev.cairn.testsupport.remote.HttpFileServer.StallAfter;
import dev.cairn.testsupport.remote.HttpFileServer.Status;
import dev.cairn.testsupport.remote.SelfSignedTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §15, resume and safety: a real HTTP server on 127.0.0.1 injects each fault a download
 * meets in the wild. Every fault a retry can cure ends in a completed import, the same as a
 * clean one; every other ends in one typed error, with nothing left beside the target.
 */
class HttpFaultsTest {

  @TempDir
  static Path shared;
  static RemoteFixtures fixtures;
  static SSLContext tls;

  @TempDir
  Path dir;
  HttpFileServer server;
  final List<String> notices = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void publish() throws Exception {
    fixtures = RemoteFixtures.make(shared);
    tls = SelfSignedTls.create(Files.createDirectories(shared.resolve("tls")));
  }

  @BeforeEach
  void serve() throws Exception {
    server = HttpFileServer.serve(fixtures.dir());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static RemoteOptions options() {
    return RemoteOptions.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 3,
        Duration.ofMillis(1));
  }

  private SnapshotImporter.Result importFrom(String url, RemoteOptions options,
      BooleanSupplier cancelled) {
    Progress progress = new Progress() {
      @Override
      public void phase(String name, long total) {}

      @Override
      public void advance(long done) {}

      @Override
      public void notice(String line) {
        notices.add(line);
      }

      @Override
      public boolean cancelled() {
        return cancelled.getAsBoolean();
      }
    };
    return SnapshotImporter.run(new SnapshotImporter.Request(DataDir.at(dir.resolve("node")),
        url, Optional.empty(), true, false, Optional.empty(), TrustPolicy.NONE, true, options),
        progress);
  }

  private SnapshotImporter.Result importWhole(RemoteOptions options) {
    return importFrom(server.url(RemoteFixtures.WHOLE).toString(), options, () -> false);
  }

  private void assertCompleted(SnapshotImporter.Result result) {
    assertThat(result.metadata()).isEqualTo(fixtures.whole().metadata());
    assertThat(RemoteSourceContractTest.names(dir)).containsExactly("node");
  }

  private void assertRefused(Runnable run, String name, String... details) {
    assertThatThrownBy(run::run).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo(name);
      assertThat(e.error().details()).contains(details);
    });
    assertThat(RemoteSourceContractTest.names(dir)).isEmpty();
  }

  @Test
  void threeDroppedConnectionsAreResumedFromTheByteWhereEachStopped() {
    for (int i = 0; i < 3; i++) {
      server.inject(new DropAfter(5_000));
    }
    assertCompleted(importWhole(options()));
    assertThat(notices).hasSize(3).allSatisfy(line -> assertThat(line).contains("retry"));
    // Each resumption asked for the rest from where the last stopped, for the version seen.
    List<String> resumed = server.requests().stream().filter(r -> !r.endsWith("if-range=null"))
        .toList();
    assertThat(resumed).hasSizeGreaterThanOrEqualTo(3);
    assertThat(server.requests().get(1)).contains("range=bytes=5000-");
    assertThat(server.requests().get(2)).contains("range=bytes=10000-");
  }

  @Test
  void aServiceUnavailableIsRetried() {
    server.inject(new Status(503));
    assertCompleted(importWhole(options()));
    assertThat(notices).singleElement().asString().contains("503");
  }

  @Test
  void aRangeAnsweredWithTheWholeFileIsReadOnPastWhatWasAlreadyRead() {
    server.inject(new DropAfter(5_000));
    server.inject(new IgnoreRange());
    assertCompleted(importWhole(options()));
  }

  @Test
  void aServerWithoutRangesIsReadThroughAndResumedFromTheStart() {
    server.ignoreRanges();
    server.inject(new DropAfter(30_000));
    assertCompleted(importWhole(options()));
    assertThat(server.bytesServed()).isGreaterThan(fixtures.whole().bytes());
  }

  @Test
  void aChunkedAnswerCutBeforeItsLastChunkLosesNoByte() {
    server.inject(new HttpFileServer.ChunkedThenDrop());
    server.inject(new HttpFileServer.ChunkedThenDrop());
    assertCompleted(importWhole(options()));
  }

  @Test
  void aReaderBusyElsewhereIsNotTakenForAStalledServer() throws Exception {
    RemoteOptions stallQuickly = options().withTimeouts(Duration.ofSeconds(5),
        Duration.ofMillis(100), 0, Duration.ofMillis(1));
    try (Remotes remotes = new Remotes(stallQuickly, Progress.NONE, () -> false);
        java.io.InputStream in = remotes.open(dev.cairn.snapshot.remote.RemoteLocation.parse(
            server.url(RemoteFixtures.WHOLE).toString()), java.util.OptionalLong.empty())) {
      byte[] first = in.readNBytes(100);
      Thread.sleep(400); // the consumer at work (a slow disk, a pause): not a stall, no retry
      byte[] rest = in.readAllBytes();
      assertThat(first.length + rest.length).isEqualTo(fixtures.whole().bytes());
    }
  }

  @Test
  void aRedirectToSomethingThatIsNoUrlIsRemoteErrorWithoutItsQuery() {
    server.inject(new Redirect("http://bad_host.example/s.tar?token=SECRET2"));
    assertRefused(() -> importWhole(options()), "Remote_error", "a redirect to something "
        + "other than an http(s) URL with a host");
    assertThatThrownBy(() -> {
      server.inject(new Redirect("http://h:99999/s.tar?token=SECRET2"));
      importWhole(options());
    }).satisfies(e -> assertThat(((CairnException) e).error().details())
        .doesNotContain("SECRET2"));
  }

  @Test
  void aFileChangedWhileItDownloadsIsSourceChanged() {
    server.inject(new ChangeAfter(5_000));
    assertRefused(() -> importWhole(options()), "Source_changed", RemoteFixtures.WHOLE);
  }

  @Test
  void aStalledTransferIsDroppedAndResumed() {
    server.inject(new StallAfter(1_000));
    RemoteOptions stallQuickly = options().withTimeouts(Duration.ofSeconds(5),
        Duration.ofMillis(300), 3, Duration.ofMillis(1));
    assertCompleted(importWhole(stallQuickly));
    assertThat(notices).singleElement().asString().contains("no byte for 0.3 s");
  }

  @Test
  void aServerThatStallsForEverIsSourceUnreachableNeverAHang() {
    // Headers, then nothing: no byte of progress between the stalls.
    for (int i = 0; i < 3; i++) {
      server.inject(new StallAfter(0));
    }
    RemoteOptions stallQuickly = options().withTimeouts(Duration.ofSeconds(5),
        Duration.ofMillis(200), 2, Duration.ofMillis(1));
    assertRefused(() -> importWhole(stallQuickly), "Source_unreachable", "no byte for",
        "after 2 retries");
  }

  @Test
  void aStopRequestEndsAStalledDownloadAtOnce() {
    server.inject(new StallAfter(1_000));
    RemoteOptions patient = options().withTimeouts(Duration.ofSeconds(5),
        Duration.ofSeconds(60), 3, Duration.ofMillis(1));
    assertRefused(() -> importFrom(server.url(RemoteFixtures.WHOLE).toString(), patient,
        () -> server.bytesServed() >= 1_000), "Interrupted", "stopped");
  }

  @Test
  void anAnswerShorterThanItsRangeIsRemoteError() {
    server.inject(new ShortLength());
    assertRefused(() -> importWhole(options()), "Remote_error", "Content-Length");
  }

  @Test
  void anAnswerLongerThanItDeclaredIsRemoteError() {
    server.inject(new SendMore(10));
    assertRefused(() -> importWhole(options()), "Remote_error", "more than it declared");
  }

  @Test
  void aStatusThatPersistsIsRemoteErrorAfterTheRetries() {
    for (int i = 0; i < 4; i++) {
      server.inject(new Status(500));
    }
    assertRefused(() -> importWhole(options()), "Remote_error", "status 500",
        "after 3 retries");
  }

  @Test
  void aServerThatIsNotThereIsSourceUnreachable() {
    String url = server.url(RemoteFixtures.WHOLE).toString();
    server.close();
    assertRefused(() -> importFrom(url, options(), () -> false), "Source_unreachable",
        "127.0.0.1");
  }

  @Test
  void redirectsAreFollowedUpToFive() {
    String target = server.url(RemoteFixtures.WHOLE).toString();
    for (int i = 0; i < 5; i++) {
      server.inject(new Redirect(target));
    }
    assertCompleted(importWhole(options()));
  }

  @Test
  void aSixthRedirectIsRemoteError() {
    String target = server.url(RemoteFixtures.WHOLE).toString();
    for (int i = 0; i < 6; i++) {
      server.inject(new Redirect(target));
    }
    assertRefused(() -> importWhole(options()), "Remote_error", "more than 5 redirects");
  }

  @Test
  void aManifestWhoseFileIsNotTheSizeItSaysIsRefusedBeforeItsBytes() throws Exception {
    // The manifest of the whole file, beside a file of that name that is something else.
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.copy(fixtures.whole().manifest(), other.resolve(RemoteFixtures.WHOLE
        + ".manifest.json"));
    Files.write(other.resolve(RemoteFixtures.WHOLE), new byte[12_345]);
    try (HttpFileServer elsewhere = HttpFileServer.serve(other)) {
      assertThatThrownBy(() -> importFrom(elsewhere.url(RemoteFixtures.WHOLE
          + ".manifest.json").toString(), options(), () -> false))
          .isInstanceOfSatisfying(CairnException.class, e -> {
            assertThat(e.error().name()).isEqualTo("Digest_mismatch");
            assertThat(e.error().details()).startsWith(RemoteFixtures.WHOLE + ": expected "
                + fixtures.whole().bytes() + " bytes, got 12345 bytes");
          });
      assertThat(elsewhere.bytesServed()).isLessThan(fixtures.whole().manifest().toFile()
          .length() + 16_384 + 1);
    }
  }

  @Test
  void anUntrustedCertificateIsRefusedAndInsecureSkipsTheCheck() throws Exception {
    try (HttpFileServer https = HttpFileServer.serveTls(fixtures.dir(), tls)) {
      String url = https.url(RemoteFixtures.WHOLE).toString();
      assertRefused(() -> importFrom(url, options(), () -> false), "Source_unreachable",
          "certificate", "--insecure");
      assertCompleted(importFrom(url, options().withInsecure(true), () -> false));
    }
  }

  @Test
  void aRedirectFromHttpsToHttpIsRefused() throws Exception {
    try (HttpFileServer https = HttpFileServer.serveTls(fixtures.dir(), tls)) {
      https.inject(new Redirect(server.url(RemoteFixtures.WHOLE).toString()));
      assertRefused(() -> importFrom(https.url(RemoteFixtures.WHOLE).toString(),
          options().withInsecure(true), () -> false), "Remote_error", "from https to http");
      // Nor by way of an HTTPS written in capitals first: once https, the chain stays https.
      https.inject(new Redirect(https.url(RemoteFixtures.WHOLE).toString()
          .replace("https://", "HTTPS://")));
      https.inject(new Redirect(server.url(RemoteFixtures.WHOLE).toString()));
      assertRefused(() -> importFrom(https.url(RemoteFixtures.WHOLE).toString(),
          options().withInsecure(true), () -> false), "Remote_error", "from https to http");
      assertThat(server.gets()).isZero();
    }
  }

  @Test
  void infoOfA200MegabyteSnapshotFetchesAtMost64KiB() throws Exception {
    Path big = Files.createDirectories(dir.resolve("big"));
    Files.copy(fixtures.whole().path(), big.resolve("big.tar"));
    try (HttpFileServer padded = HttpFileServer.serve(big)) {
      // The snapshot, then zeros: still a valid tar (its end is zero records), 200 MB long.
      padded.padWithZeros("big.tar", 200_000_000);
      SnapshotInfo.Header header = SnapshotInfo.read(padded.url("big.tar").toString(),
          TrustPolicy.SHOWN_ONLY, options());
      assertThat(header.metadata()).isEqualTo(fixtures.whole().metadata());
      assertThat(padded.bytesServed()).isLessThanOrEqualTo(64 << 10);
    }
  }

  @Test
  void credentialsInAUrlAreRefusedAndAQueryStringIsNeverShown() {
    String withUser = "http://user:hunter2@127.0.0.1:1/whole.tar";
    assertRefused(() -> importFrom(withUser, options(), () -> false), "Source_unreachable",
        "user name or password");
    assertThatThrownBy(() -> importFrom(withUser, options(), () -> false))
        .satisfies(e -> assertThat(((CairnException) e).error().details())
            .doesNotContain("hunter2"));
    String signed = server.url("absent.tar") + "?X-Amz-Signature=s3cr3t";
    assertThatThrownBy(() -> importFrom(signed, options(), () -> false))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Remote_error");
          assertThat(e.error().details()).contains("absent.tar").doesNotContain("s3cr3t");
        });
  }
}
