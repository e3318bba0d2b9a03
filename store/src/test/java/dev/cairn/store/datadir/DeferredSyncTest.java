package dev.cairn.store.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredSyncTest {

  @Test
  void coversExactlyWhatIsUnderAnOpenScopesRoot(@TempDir Path dir) {
    Path root = dir.resolve("node.part");
    assertThat(DeferredSync.covers(root.resolve("store/markers"))).isFalse();
    try (DeferredSync deferred = DeferredSync.under(root)) {
      assertThat(DeferredSync.covers(root)).isTrue();
      assertThat(DeferredSync.covers(root.resolve("store/cemented/1_8"))).isTrue();
      assertThat(DeferredSync.covers(root.resolve("context/../store/markers"))).isTrue();
      assertThat(DeferredSync.covers(dir)).isFalse(); // the rename into place is synced
      assertThat(DeferredSync.covers(dir.resolve("node.partial/x"))).isFalse();
      assertThat(DeferredSync.covers(root.resolve("../other/x"))).isFalse();
      assertThatThrownBy(() -> DeferredSync.under(root)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(DeferredSync.covers(root.resolve("store/markers"))).isFalse();
  }

  @Test
  void filesCommittedUnderAScopeAreWholeAndSyncAllCompletes(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("node.part");
    Files.createDirectories(root.resolve("store"));
    try (DeferredSync deferred = DeferredSync.under(root)) {
      AtomicFile.write(root.resolve("store/markers"), "head".getBytes(StandardCharsets.UTF_8));
      AtomicFile.fsyncDirectory(root.resolve("store"));
      deferred.syncAll();
    }
    assertThat(root.resolve("store/markers")).hasContent("head");
    assertThat(root.resolve("store/markers" + AtomicFile.PART_SUFFIX)).doesNotExist();
  }
}
