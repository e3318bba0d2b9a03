package dev.cairn.store.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  @Test
  void aCommittedFileReplacesTheOldOneWhole(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("markers");
    AtomicFile.write(target, "old".getBytes(StandardCharsets.US_ASCII));
    AtomicFile.write(target, "new".getBytes(StandardCharsets.US_ASCII));
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(dir.resolve("markers.part")).doesNotExist();
  }

  @Test
  void aLinkUnderThePartNameIsNeverWrittenThrough(@TempDir Path dir) throws IOException {
    Path precious = Files.writeString(dir.resolve("precious"), "mine");
    Path target = dir.resolve("manifest.json");
    Files.writeString(target, "old");
    Files.createSymbolicLink(dir.resolve("manifest.json" + AtomicFile.PART_SUFFIX), precious);
    assertThatThrownBy(() -> AtomicFile.write(target, "new".getBytes()))
        .isInstanceOf(CairnException.class);
    assertThat(precious).hasContent("mine");
    assertThat(target).hasContent("old");
    try (AtomicFile unique = AtomicFile.createUnique(target)) {
      unique.write(java.nio.ByteBuffer.wrap("new".getBytes()));
      unique.commit();
    }
    assertThat(target).hasContent("new");
    assertThat(precious).hasContent("mine");
  }

  @Test
  void closingWithoutCommitLeavesTheTargetAsItWasAndNoPartFile(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("cycle");
    AtomicFile.write(target, "kept".getBytes(StandardCharsets.US_ASCII));
    try (AtomicFile file = AtomicFile.create(target)) {
      file.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.US_ASCII)));
      assertThat(dir.resolve("cycle.part")).exists();
    }
    assertThat(Files.readString(target)).isEqualTo("kept");
    assertThat(dir.resolve("cycle.part")).doesNotExist();
  }

  @Test
  void aFileCreatedNewHasExactlyItsPermissionsWhileWrittenAndAfter(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("key");
    try (AtomicFile file = AtomicFile.createNew(target, OWNER_ONLY)) {
      assertThat(Files.getPosixFilePermissions(dir.resolve("key.part"))).isEqualTo(OWNER_ONLY);
      file.write(ByteBuffer.wrap("secret".getBytes(StandardCharsets.US_ASCII)));
      file.commit();
    }
    assertThat(Files.readString(target)).isEqualTo("secret");
    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(OWNER_ONLY);
    assertThat(dir.resolve("key.part")).doesNotExist();
  }

  @Test
  void aFileCreatedNewReplacesNothingThatAppearedUnderItsName(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("key");
    Path dangling = dir.resolve("dangling");
    try (AtomicFile file = AtomicFile.createNew(target, OWNER_ONLY)) {
      file.write(ByteBuffer.wrap("mine".getBytes(StandardCharsets.US_ASCII)));
      Files.writeString(target, "theirs");
      assertThatThrownBy(file::commit).isInstanceOfSatisfying(CairnException.class,
          e -> assertThat(e.error().details()).contains("it already exists"));
    }
    assertThat(Files.readString(target)).isEqualTo("theirs");
    assertThat(dir.resolve("key.part")).doesNotExist();
    Files.createSymbolicLink(dangling, dir.resolve("nowhere"));
    try (AtomicFile file = AtomicFile.createNew(dangling, OWNER_ONLY)) {
      assertThatThrownBy(file::commit).isInstanceOf(CairnException.class);
    }
    assertThat(Files.isSymbolicLink(dangling)).isTrue();
    assertThat(dir.resolve("nowhere")).doesNotExist();
  }

  @Test
  void aFileCreatedNewNeverReusesOrFollowsWhatIsUnderThePartName(@TempDir Path dir)
      throws IOException {
    Path stale = Files.writeString(dir.resolve("a.part"), "someone's");
    assertThatThrownBy(() -> AtomicFile.createNew(dir.resolve("a"), OWNER_ONLY))
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().details()).contains("a.part: it already exists"));
    assertThat(Files.readString(stale)).isEqualTo("someone's");
    Path elsewhere = dir.resolve("elsewhere");
    Files.createSymbolicLink(dir.resolve("b.part"), elsewhere);
    assertThatThrownBy(() -> AtomicFile.createNew(dir.resolve("b"), OWNER_ONLY))
        .isInstanceOf(CairnException.class);
    assertThat(elsewhere).doesNotExist();
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).doesNotExist();
  }
}
