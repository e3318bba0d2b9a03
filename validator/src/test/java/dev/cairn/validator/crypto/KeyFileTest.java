package dev.cairn.validator.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cairn.error.CairnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: written 0600 and never over anything, read only when they are the owner's alone. */
class KeyFileTest {

  @TempDir
  Path dir;

  private final SigningKey key = SigningKey.generate(new SecureRandom());

  @Test
  void aKeyFileIsOneLineOfEdskWithMode0600AndReadsBackAsTheSameKey() throws IOException {
    Path file = dir.resolve("key");
    KeyFile.write(file, key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file, StandardCharsets.US_ASCII))
        .isEqualTo(key.toEdsk() + "\n").hasSize(55);
    assertThat(dir.resolve("key.part")).doesNotExist();
    SigningKey read = KeyFile.read(file);
    assertThat(read.publicKey()).isEqualTo(key.publicKey());
    assertThat(read.toEdsk()).isEqualTo(key.toEdsk());
  }

  @Test
  void aLineWithoutItsNewlineAndALinkToAKeyAreRead() throws IOException {
    Path bare = ownerOnly(dir.resolve("bare"), key.toEdsk());
    assertThat(KeyFile.read(bare).publicKey()).isEqualTo(key.publicKey());
    Path link = Files.createSymbolicLink(dir.resolve("link"), bare);
    assertThat(KeyFile.read(link).publicKey()).isEqualTo(key.publicKey());
    Files.setPosixFilePermissions(bare, PosixFilePermissions.fromString("r--------"));
    assertThat(KeyFile.read(bare).publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void anExistingFileIsRefusedAndLeftAsItWas() throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "someone's notes\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertInvalid(() -> KeyFile.write(file, key), file, "it already exists");
    assertThat(Files.readString(file)).isEqualTo("someone's notes\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertInvalid(() -> KeyFile.write(dangling, key), dangling, "it already exists");
    assertThat(dir.resolve("nowhere")).doesNotExist();
    KeyFile.write(dir.resolve("first"), key);
    assertInvalid(() -> KeyFile.write(dir.resolve("first"), SigningKey.generate(
        new SecureRandom())), dir.resolve("first"), "it already exists");
    assertThat(KeyFile.read(dir.resolve("first")).publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void aMissingDirectoryIsRefusedAndNotCreated() {
    Path file = dir.resolve("typo/key");
    assertInvalid(() -> KeyFile.write(file, key), file,
        "its directory " + dir.resolve("typo") + " does not exist");
    assertThat(dir.resolve("typo")).doesNotExist();
  }

  @Test
  void aPartFileLeftBesideIsRefusedAndKept() throws IOException {
    Path part = Files.writeString(dir.resolve("key.part"), "half");
    assertInvalid(() -> KeyFile.write(dir.resolve("key"), key), dir.resolve("key"),
        "key.part exists");
    assertThat(Files.readString(part)).isEqualTo("half");
    assertThat(dir.resolve("key")).doesNotExist();
  }

  @Test
  void aKeyFileOthersMayReadOrChangeIsRefusedNamingChmod() throws IOException {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("rw-r--r--", "its permissions 0644 let others read it");
    refused.put("rw-r-----", "its permissions 0640 let others read it");
    refused.put("rw----r--", "its permissions 0604 let others read it");
    refused.put("rw--w----", "its permissions 0620 let others change it");
    refused.put("rw-----w-", "its permissions 0602 let others change it");
    refused.put("rw------x", "its permissions 0601 let others run it");
    for (Map.Entry<String, String> mode : refused.entrySet()) {
      Path file = dir.resolve("key-" + mode.getKey().replace('-', '_'));
      KeyFile.write(file, key);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode.getKey()));
      assertInvalid(() -> KeyFile.read(file), file, mode.getValue() + "; run chmod 600 " + file);
    }
    Path open = dir.resolve("open");
    KeyFile.write(open, key);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Path link = Files.createSymbolicLink(dir.resolve("link-to-open"), open);
    assertInvalid(() -> KeyFile.read(link), link, "its permissions 0644 let others read it");
  }

  @Test
  void malformedContentIsRefusedSayingWhatIsWrongWithoutShowingIt() throws IOException {
    String edsk = key.toEdsk();
    String badChecksum = edsk.substring(0, 30) + (edsk.charAt(30) == 'z' ? 'y' : 'z')
        + edsk.substring(31);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(badChecksum + "\n", "the checksum does not match");
    cases.put(key.publicKey().toBase58() + "\n", "an edpk… public key");
    cases.put(edsk.substring(0, 40) + "\n", "not an Ed25519 secret key");
    cases.put("", "it is empty");
    cases.put("\n", "it is empty");
    cases.put(edsk + "\n" + edsk + "\n", "more than one line");
    cases.put(edsk + " \n", "white space");
    cases.put(edsk + "\r\n", "white space");
    cases.put("\u00e9" + edsk.substring(1) + "\n", "a byte no edsk… text has (at byte 0)");
    int n = 0;
    for (Map.Entry<String, String> content : cases.entrySet()) {
      Path file = ownerOnly(dir.resolve("malformed-" + n++), content.getKey());
      Throwable thrown = assertInvalid(() -> KeyFile.read(file), file, content.getValue());
      assertThat(thrown.getMessage()).doesNotContain(edsk.substring(4, 16))
          .doesNotContain(key.publicKey().toBase58().substring(4, 16));
    }
  }

  @Test
  void anOversizedFileIsRefusedBeforeItIsRead() throws IOException {
    Path big = ownerOnly(dir.resolve("big"), key.toEdsk() + "\n" + "x".repeat(2000));
    assertInvalid(() -> KeyFile.read(big), big, "bytes");
    Path justOver = ownerOnly(dir.resolve("just-over"), "e".repeat(KeyFile.MAX_BYTES + 1));
    assertInvalid(() -> KeyFile.read(justOver), justOver, "1025 bytes");
  }

  @Test
  void whatIsNoRegularFileIsRefusedWithoutHanging() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor())
        .isZero();
    assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertInvalid(() -> KeyFile.read(fifo), fifo, "not a regular file"));
    assertInvalid(() -> KeyFile.read(dir), dir, "a directory");
    assertInvalid(() -> KeyFile.read(dir.resolve("absent")), dir.resolve("absent"),
        "no such file");
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertInvalid(() -> KeyFile.read(dangling), dangling, "no such file");
  }

  private static Path ownerOnly(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static Throwable assertInvalid(ThrowingCallable call, Path file, String reason) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(call).as(file + ": " + reason)
        .isInstanceOfSatisfying(CairnException.class, e -> {
          thrown[0] = e;
          assertThat(e.error().name()).isEqualTo("Invalid_key");
          assertThat(e.error().details()).startsWith(file + ": ").contains(reason)
              .doesNotContain("\n");
        });
    return thrown[0];
  }
}
