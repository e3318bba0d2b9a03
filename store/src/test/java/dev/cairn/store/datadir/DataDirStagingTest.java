package dev.cairn.store.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.error.CairnException;
import dev.cairn.store.chain.StoreConfigJsonTest;
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

  /** A directory shaped like a node's: config.json, store/, context/. */
  private static DataDir nodeAt(Path root) throws IOException {
    DataDir node = DataDir.at(root);
    node.writeConfig(StoreConfigJsonTest.generated(1));
    Files.createDirectories(node.storeDir());
    Files.createDirectories(node.contextDir());
    Files.writeString(node.root().resolve("context/data.mdb"), "old");
    return node;
  }

  @Test
  void partsAKilledImportFetchedAheadAreSweptAndALiveImportsKept() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Path abandoned = Files.createDirectory(target.downloadsDir());
    Files.writeString(abandoned.resolve(DataDir.OWNER_FILE), "pid 1"); // no process holds it
    Files.writeString(abandoned.resolve("s.tar.B1.part-00003"), "fetched ahead");
    try (DataDirStaging staging = DataDirStaging.begin(target, false)) {
      assertThat(abandoned).doesNotExist();
    }
    try (OwnedDirectory live = OwnedDirectory.create(target.downloadsDir());
        DataDirStaging staging = DataDirStaging.begin(target, false)) {
      assertThat(live.path()).isDirectory();
    }
  }

  @Test
  void theAssemblyAKilledChainImportLeftIsSweptByTheNextCommandAndALiveOneKept()
      throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Path abandoned = Files.createDirectory(target.chainStagingDir());
    Files.writeString(abandoned.resolve(DataDir.OWNER_FILE), "pid 1"); // no process holds it
    Files.createDirectories(DataDir.chainContext(abandoned));
    Files.writeString(DataDir.chainFloatingSpool(abandoned), "spooled blocks");
    DataDirStaging.recoverInterrupted(target);
    assertThat(abandoned).doesNotExist();
    try (OwnedDirectory live = OwnedDirectory.create(target.chainStagingDir())) {
      DataDirStaging.recoverInterrupted(target);
      assertThat(live.path()).isDirectory();
    }
    Path foreign = Files.createDirectory(target.chainStagingDir());
    Files.writeString(foreign.resolve("notes.txt"), "someone's"); // no owner file: not ours
    DataDirStaging.recoverInterrupted(target);
    assertThat(foreign.resolve("notes.txt")).exists();
  }

  @Test
  void aStagedDirectoryLandsInPlaceOfTheOldOneAndLeavesNothingBeside() throws IOException {
    DataDir target = nodeAt(dir.resolve("node"));
    try (DataDirStaging staging = DataDirStaging.begin(target, true)) {
      assertThat(staging.replacesNode()).isTrue();
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
    DataDir target = DataDir.at(dir.resolve("node"));
    try (DataDirStaging first = DataDirStaging.begin(target, false)) {
      assertThat(refusal(() -> DataDirStaging.begin(target, false)))
          .isEqualTo("Data_dir_locked");
      DataDirStaging.recoverInterrupted(target); // leaves a running one alone
      assertThat(first.stagingDir().root()).isDirectory();
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aMissingParentIsATypoNotAWishAndIsNotCreated() {
    DataDir target = DataDir.at(dir.resolve("nodes-typo/node"));
    CairnException e = (CairnException) catchThrowable(() -> DataDirStaging.begin(target, false));
    assertThat(e.error().name()).isEqualTo("Invalid_data_dir");
    assertThat(e.error().details()).contains(dir.resolve("nodes-typo") + " does not exist");
    assertThat(dir).isEmptyDirectory();
    assertThat(refusal(() -> DataDirStaging.begin(DataDir.at(Path.of("/")), true)))
        .isEqualTo("Invalid_data_dir");
  }

  @Test
  void forceReplacesOnlyANodeAndLeavesAUsersDirectoryUntouched() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("thesis.tex"), "years of work");
    Files.createDirectories(home.resolve("store"));
    for (boolean force : new boolean[] {false, true}) {
      CairnException e = (CairnException) catchThrowable(
          () -> DataDirStaging.begin(DataDir.at(home), force));
      assertThat(e.error().name()).isEqualTo("Directory_already_exists");
      assertThat(e.error().details()).contains("thesis.tex");
    }
    assertThat(home.resolve("thesis.tex")).hasContent("years of work");
    assertThat(siblings()).containsExactly("home");
    // A node's shape with a foreign file in it, or an unreadable config.json: refused too.
    DataDir node = nodeAt(dir.resolve("node"));
    Files.writeString(node.root().resolve("notes.txt"), "mine");
    assertThat(refusal(() -> DataDirStaging.begin(node, true)))
        .isEqualTo("Directory_already_exists");
    Files.delete(node.root().resolve("notes.txt"));
    Files.writeString(node.configFile(), "{\"chain_name\": 1}");
    assertThat(refusal(() -> DataDirStaging.begin(node, true))).isEqualTo("Invalid_data_dir");
    assertThat(node.root().resolve("context/data.mdb")).hasContent("old");
  }

  @Test
  void bareIsJudgedByTypeNotByName() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Files.createDirectories(target.configFile());
    Files.writeString(target.configFile().resolve("photo.jpg"), "mine");
    Files.createDirectories(target.lockFile());
    assertThat(refusal(() -> DataDirStaging.begin(target, false)))
        .isEqualTo("Directory_already_exists");
    assertThat(refusal(() -> DataDirStaging.begin(target, true)))
        .isEqualTo("Directory_already_exists");
    assertThat(target.configFile().resolve("photo.jpg")).hasContent("mine");
    FileTree.delete(target.root());
    Files.createDirectories(target.root());
    Files.writeString(dir.resolve("elsewhere.json"), "{}");
    Files.createSymbolicLink(target.configFile(), dir.resolve("elsewhere.json"));
    assertThat(refusal(() -> DataDirStaging.begin(target, false)))
        .isEqualTo("Directory_already_exists");
    Files.delete(target.configFile());
    Files.writeString(target.lockFile(), "my shopping list");
    assertThat(refusal(() -> DataDirStaging.begin(target, false)))
        .isEqualTo("Directory_already_exists");
    Files.writeString(target.lockFile(), "pid 42\n");
    DataDirStaging.begin(target, false).close(); // a lock as Cairn writes it is bare
    assertThat(Files.readString(target.lockFile())).startsWith("pid ");
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
    assertThat(target.root().resolve("photos.tar")).hasContent("mine");
    DataDir node = nodeAt(dir.resolve("running"));
    try (DataDirLock writer = node.lockForWriting()) {
      assertThat(refusal(() -> DataDirStaging.begin(node, true))).as("a node runs on it")
          .isEqualTo("Data_dir_locked");
    }
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
  void whatOnlyHasTheNameOfAStagingOrAsideDirectoryIsNeverDeleted() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Files.writeString(target.importStagingDir(), "not a directory");
    assertThat(refusal(() -> DataDirStaging.begin(target, false)))
        .isEqualTo("Directory_already_exists");
    assertThat(target.importStagingDir()).hasContent("not a directory");
    Files.delete(target.importStagingDir());
    Files.createDirectories(target.importStagingDir());
    Files.writeString(target.importStagingDir().resolve("mine"), "mine"); // no owner file
    DataDirStaging.recoverInterrupted(target); // what a read-only command runs
    assertThat(refusal(() -> DataDirStaging.begin(target, false)))
        .isEqualTo("Directory_already_exists");
    assertThat(target.importStagingDir().resolve("mine")).hasContent("mine");
  }

  @Test
  void anAsideNodeIsNotDeletedBecauseAnotherNodeTookItsPlace() throws IOException {
    // A forced import killed between its two renames: the old node waits aside. Then a node
    // is made in its place by other means (no import's owner file in it).
    DataDir old = nodeAt(dir.resolve("node"));
    Files.writeString(old.markersFile(), "the old node");
    Files.move(old.root(), old.importAsideDir());
    DataDir other = nodeAt(dir.resolve("node"));
    Files.writeString(other.markersFile(), "another node");
    assertThat(refusal(() -> DataDirStaging.recoverInterrupted(other)))
        .isEqualTo("Directory_already_exists");
    assertThat(other.importAsideDir().resolve("store/markers")).hasContent("the old node");
    assertThat(other.markersFile()).hasContent("another node");
  }

  @Test
  void aPinsDirectoryWithSomeoneElsesFilesIsNotBare() throws IOException {
    DataDir target = DataDir.at(dir.resolve("node"));
    Files.createDirectories(target.pinsDir().resolve("mystuff"));
    Files.writeString(target.pinsDir().resolve("mystuff/thesis.txt"), "mine");
    assertThat(refusal(() -> DataDirStaging.begin(target, false)))
        .isEqualTo("Directory_already_exists");
    assertThat(refusal(() -> DataDirStaging.begin(target, true)))
        .isEqualTo("Directory_already_exists");
    assertThat(target.pinsDir().resolve("mystuff/thesis.txt")).hasContent("mine");
  }

  @Test
  void filesPutInTheTargetWhileTheImportRanAreNotReplaced() throws IOException {
    DataDir target = DataDir.at(Files.createDirectories(dir.resolve("node")));
    try (DataDirStaging staging = DataDirStaging.begin(target, false)) {
      Files.writeString(staging.stagingDir().root().resolve("new-file"), "new");
      Files.writeString(target.root().resolve("important.txt"), "written meanwhile");
      assertThat(refusal(staging::land)).isEqualTo("Directory_already_exists");
    }
    assertThat(target.root().resolve("important.txt")).hasContent("written meanwhile");
    assertThat(siblings()).containsExactly("node");
  }

  @Test
  void anOwnerFileInADirectoryThatIsNoDataDirectoryIsLeftAlone() throws IOException {
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve(DataDir.OWNER_FILE), "the user's");
    DataDirStaging.recoverInterrupted(DataDir.at(project));
    assertThat(project.resolve(DataDir.OWNER_FILE)).hasContent("the user's");
  }
}
