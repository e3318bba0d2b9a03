package dev.cairn.snapshot.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Remote locations: what names a file, its siblings, and what is never shown. */
class RemoteLocationTest {

  @Test
  void siblingsOfAUrlAreInItsDirectoryWithoutItsQuery() {
    RemoteLocation manifest = RemoteLocation.parse(
        "https://snapshots.example/daily/mainnet.tar.manifest.json?sig=abc");
    assertThat(manifest.beside("mainnet.tar.part-00001").display())
        .isEqualTo("https://snapshots.example/daily/mainnet.tar.part-00001");
    assertThat(manifest.beside("a b%#?.tar").display())
        .isEqualTo("https://snapshots.example/daily/a%20b%25%23%3F.tar");
    assertThat(manifest.display()).isEqualTo(
        "https://snapshots.example/daily/mainnet.tar.manifest.json");
    assertThat(manifest.fileName()).isEqualTo("mainnet.tar.manifest.json");
  }

  @Test
  void aPathThatBeginsWithTwoSlashesStaysAPath() {
    // Found by RemoteAnswersFuzzTest: resolving it took "//irn" for a host.
    RemoteLocation odd = RemoteLocation.parse("http://s//irn?token=x");
    assertThat(odd.display()).isEqualTo("http://s//irn");
    assertThat(odd.beside("%128irU").display()).isEqualTo("http://s//%25128irU");
    assertThat(odd.beside("%128irU").fileName()).isEqualTo("%128irU");
  }

  @Test
  void siblingsOfAnS3KeyShareItsPrefix() {
    RemoteLocation key = RemoteLocation.parse("s3://my-bucket/nodes/a/snap.tar.manifest.json");
    assertThat(key).isEqualTo(new RemoteLocation.S3("my-bucket",
        "nodes/a/snap.tar.manifest.json"));
    assertThat(key.beside("snap.tar")).isEqualTo(new RemoteLocation.S3("my-bucket",
        "nodes/a/snap.tar"));
    assertThat(RemoteLocation.parse("s3://b12/top.tar").beside("x"))
        .isEqualTo(new RemoteLocation.S3("b12", "x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://", "https:///x.tar", "http://host/", "http://host",
      "s3://", "s3://bucket", "s3://bucket/", "s3://Bucket/key", "s3://b/key", "s3:///key",
      "s3://bucket/dir/", "http://host/a b", "http://us:pw@host/x.tar"})
  void whatNamesNoFileIsSourceUnreachable(String source) {
    assertThatThrownBy(() -> RemoteLocation.parse(source))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Source_unreachable");
          assertThat(e.error().details()).doesNotContain("pw");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://us@er:pass@host/file", "https://user:pa/ss@host/file",
      "https://user:p?ss@host/file", "https://user:p#ss@host/file", "http://u:pass@/x"})
  void aPasswordNeverReachesAMessageHoweverItIsWritten(String source) {
    assertThatThrownBy(() -> RemoteLocation.parse(source))
        .isInstanceOfSatisfying(CairnException.class, e ->
            assertThat(e.error().details()).doesNotContain("ss"));
  }

  @Test
  void whatIsRemoteIsToldByItsSchemeOnly() {
    assertThat(RemoteLocation.isRemote("HTTPS://host/x")).isTrue();
    assertThat(RemoteLocation.isRemote("s3://b/k")).isTrue();
    assertThat(RemoteLocation.isRemote("./http:/x")).isFalse();
    assertThat(RemoteLocation.isRemote("snapshot.tar")).isFalse();
  }
}
