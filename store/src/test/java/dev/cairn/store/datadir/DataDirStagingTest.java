package dev.cairn.store.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.error.CairnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory's lifecycle: staging beside it, landing by rename, recovery. */
class DataDirStagingTest {

  @TempDir
  Path dir;

  private List<String> siblings() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String refusal(Runnable work) {
    CairnException e = (CairnException) catchThrowable(work::run);
    assertThat(e).as("a typed error").isNotNull();
    return e.error().name();
  }

  @Test
  void aStagedDirectoryLandsInPlaceOfTheOldOneAndLeavesNothingBeside() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Files.createDirectories(target.root());
    Files.writeString(target.root().resolve("old-file"), "old");
    try (DataDirStaging staging = DataDirStaging.begin(target, true)) {
      assertThat(siblings()).containsExactly(".node.import", "node");
      Files.writeString(staging.stagingDir().root().resolve("new-file"), "new");
      staging.land();
    }
    assertThat(siblings()).containsExactly("node");
    try (Stream<Path> entries = Files.list(target.root())) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("new-file");
    }
  }

  @Test
  void aSecondStagingBesideARunningOneIsRefusedAndClosingWithoutLandingLeavesNoTrace() {
    DataDir target = DataDir.at(dir.resolve("deep/below/node"));
    try (DataDirStaging first = DataDirStaging.begin(target, false)) {
      assertThat(refusal(() -> DataDirStaging.begin(target, false)))
          .isEqualTo("Data_dir_locked");
      DataDirStaging.recoverInterrupted(target); // leaves a running one alone
      assertThat(first.stagingDir().root()).isDirectory();
    }
    assertThat(dir.resolve("deep")).doesNotExist();
  }

  @Test
  void onlyABareDirectoryIsTakenWithoutForce() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Files.createDirectories(target.root());
    Files.writeString(target.configFile(), "{}");
    Files.writeString(target.lockFile(), "pid 1");
    DataDirStaging.begin(target, false).close();
    Files.writeString(target.root().resolve("photos.tar"), "mine");
    assertThatThrownBy(() -> DataDirStaging.begin(target, false))
        .isInstanceOfSatisfying(CairnException.class, e -> {
          assertThat(e.error().name()).isEqualTo("Directory_already_exists");
          assertThat(e.error().details()).contains("photos.tar");
        });
    try (DataDirLock writer = target.lockForWriting()) {
      assertThat(refusal(() -> DataDirStaging.begin(target, true))).as("a node runs on it")
          .isEqualTo("Data_dir_locked");
    }
    assertThat(target.root().resolve("photos.tar")).hasContent("mine");
  }

  @Test
  void recoveryPutsBackAnAsideDirectoryAndDeletesAnAbandonedStaging() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    // A kill between the two renames: the old directory aside, none in place, a staging one.
    Files.createDirectories(target.importAsideDir());
    Files.writeString(target.importAsideDir().resolve("config.json"), "{}");
    Files.createDirectories(target.importStagingDir().resolve("store"));
    Files.writeString(target.importStagingDir().resolve(DataDir.OWNER_FILE), "pid 1");
    DataDirStaging.recoverInterrupted(target);
    assertThat(siblings()).containsExactly("node");
    assertThat(target.configFile()).hasContent("{}");
    // A kill after the second rename, before the old one was deleted: the landing stands.
    Files.createDirectories(target.importAsideDir().resolve("store"));
    Files.createDirectories(target.storeDir());
    Files.writeString(target.markersFile(), "{}");
    Files.writeString(target.root().resolve(DataDir.OWNER_FILE), "");
    DataDirStaging.recoverInterrupted(target);
    assertThat(siblings()).containsExactly("node");
    assertThat(target.root().resolve(DataDir.OWNER_FILE)).doesNotExist();
    assertThat(target.markersFile()).exists();
  }

  @Test
  void anEmptyDirectoryInItsPlaceDoesNotPassForALandingAndForeignFilesStopRecovery()
      throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Files.createDirectories(target.importAsideDir().resolve("store"));
    Files.writeString(target.importAsideDir().resolve("store/markers"), "the node");
    Files.createDirectories(target.root()); // a start script's mkdir -p after the crash
    DataDirStaging.recoverInterrupted(target);
    assertThat(siblings()).containsExactly("node");
    assertThat(target.markersFile()).hasContent("the node");

    Files.move(target.root(), target.importAsideDir());
    Files.createDirectories(target.root());
    Files.writeString(target.root().resolve("notes.txt"), "mine");
    assertThat(refusal(() -> DataDirStaging.recoverInterrupted(target)))
        .isEqualTo("Directory_already_exists");
    assertThat(target.root().resolve("notes.txt")).hasContent("mine");
    assertThat(target.importAsideDir().resolve("store/markers")).hasContent("the node");
  }

  @Test
  void aFileInTheStagingDirectorysNameIsNotTakenForARunningImport() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Files.writeString(target.importStagingDir(), "not a directory");
    DataDirStaging.begin(target, false).close();
    assertThat(siblings()).isEmpty();
  }

  @Test
  void anOwnerFileInADirectoryThatIsNoDataDirectoryIsLeftAlone() throws IOException {
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve(DataDir.OWNER_FILE), "the user's");
    DataDirStaging.recoverInterrupted(DataDir.at(project));
    assertThat(project.resolve(DataDir.OWNER_FILE)).hasContent("the user's");
  }
}
