package dev.cairn.store.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.StoreChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership of staging, pin and spool directories is an OS file lock held by the owner: a
 * directory is abandoned exactly when no live process holds it, whatever pid its owner file names.
 */
class OwnedDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void aDirectoryIsOwnedWhileOpenAndGoneWhenClosed() {
    Path owned = dir.resolve("spool");
    try (OwnedDirectory directory = OwnedDirectory.create(owned)) {
      assertThat(directory.path()).isDirectory();
      assertThat(OwnedDirectory.isAbandoned(owned)).isFalse();
      assertThat(OwnedDirectory.deleteIfAbandoned(owned)).isFalse();
      assertThat(owned).isDirectory();
    }
    assertThat(owned).doesNotExist();
  }

  @Test
  void anotherLiveProcesssDirectoryIsLeftAndTakenOnlyOnceThatProcessIsKilled()
      throws IOException, InterruptedException {
    Path owned = dir.resolve("staging");
    Process owner = StoreChildProcess.start(dir.resolve("child.log"), "own", owned.toString());
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(owner.getInputStream(), StandardCharsets.US_ASCII))) {
      assertThat(lines.readLine()).as(Files.exists(dir.resolve("child.log"))
          ? "the child said nothing: " + Files.readString(dir.resolve("child.log")) : "")
          .isEqualTo("owned staging");
      assertThat(OwnedDirectory.isAbandoned(owned)).isFalse();
      OwnedDirectory.deleteAbandoned(dir, name -> true);
      assertThat(owned).isDirectory();
    } finally {
      owner.destroyForcibly(); // SIGKILL: no clean-up of its own
    }
    assertThat(owner.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(OwnedDirectory.isAbandoned(owned)).isTrue();
    assertThat(OwnedDirectory.deleteIfAbandoned(owned)).isTrue();
    assertThat(owned).doesNotExist();
  }

  @Test
  void anOwnerFileNamingALiveProcessDoesNotMakeItOwned() throws IOException {
    // A pid check would be fooled: this process is alive, but holds no lock on the file.
    Path stale = Files.createDirectory(dir.resolve("stale"));
    Files.writeString(stale.resolve(DataDir.OWNER_FILE), "pid " + ProcessHandle.current().pid());
    Files.writeString(stale.resolve("data"), "left by a crash");
    assertThat(OwnedDirectory.isAbandoned(stale)).isTrue();
    assertThat(OwnedDirectory.deleteIfAbandoned(stale)).isTrue();
    assertThat(stale).doesNotExist();
  }

  @Test
  void aDirectoryWithoutAnOwnerFileIsBeingCreatedUntilItIsOlderThanTheGrace()
      throws IOException {
    Path young = Files.createDirectory(dir.resolve("12-1"));
    assertThat(OwnedDirectory.isAbandoned(young)).as("its creator locks it next").isFalse();
    OwnedDirectory.deleteAbandoned(dir, DataDir::isPinDir);
    assertThat(young).isDirectory();
    Files.setLastModifiedTime(young, FileTime.from(Instant.now()
        .minus(OwnedDirectory.GRACE).minusSeconds(1)));
    assertThat(OwnedDirectory.isAbandoned(young)).isTrue();
  }

  @Test
  void aDirectoryWithoutAnOwnerFileIsAbandonedAndOnlyMatchingNamesAreSwept() throws IOException {
    Path leftover = Files.createDirectory(dir.resolve("11-1"));
    Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minusSeconds(3600)));
    Path users = Files.createDirectory(dir.resolve("photos"));
    Files.setLastModifiedTime(users, FileTime.from(Instant.now().minusSeconds(3600)));
    Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
    assertThat(OwnedDirectory.deleteIfAbandoned(users)).as("no owner file: not ours by name")
        .isFalse();
    OwnedDirectory.deleteAbandoned(dir, DataDir::isPinDir);
    assertThat(leftover).doesNotExist();
    assertThat(users).isDirectory();
    assertThat(file).exists();
    assertThat(OwnedDirectory.isAbandoned(file)).as("not a directory").isFalse();
  }

  @Test
  void aLandedDirectorysOwnerFileIsRemovedOnRelease() {
    Path staging = dir.resolve(".node.import");
    Path landed = dir.resolve("node");
    OwnedDirectory directory = OwnedDirectory.create(staging);
    assertThat(staging.toFile().renameTo(landed.toFile())).isTrue();
    directory.releaseAt(landed);
    directory.close(); // released already: deletes nothing
    assertThat(landed).isEmptyDirectory();
  }
}
