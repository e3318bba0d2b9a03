package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.error.CairnException;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.datadir.DataDir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer at a time, readers beside it, and clear refusals. */
class DataDirAccessTest {

  @Test
  void aSecondWriterInAnotherProcessIsRefusedWithDataDirLocked(@TempDir Path tmp)
      throws IOException, InterruptedException {
    try (ChainDriver driver = ChainDriver.create(tmp.resolve("data"), HistoryMode.full(1), 3)) {
      driver.advance(12);
      assertThat(runChild(tmp, "open", tmp.resolve("data"))).isEqualTo("error Data_dir_locked");
    }
    assertThat(runChild(tmp, "open", tmp.resolve("data"))).isEqualTo("opened 12");
  }

  @Test
  void aSecondWriterInThisProcessIsRefusedAndTheFirstKeepsItsLock(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path dir = tmp.resolve("data");
    try (ChainDriver driver = ChainDriver.create(dir, HistoryMode.ARCHIVE, 3)) {
      Throwable refusal = catchThrowable(() -> BlockWriter.open(DataDir.at(dir)));
      // The refusal must not have released the OS lock (POSIX drops a process's locks on a file
      // when any of its descriptors of that file is closed): another process is still refused.
      assertThat(runChild(tmp, "open", dir)).isEqualTo("error Data_dir_locked");
      assertThat(refusal).isInstanceOfSatisfying(CairnException.class, e -> {
        assertThat(e.error().name()).isEqualTo("Data_dir_locked");
        assertThat(e.getMessage()).contains(dir.toString(), "this process");
      });
    }
  }

  @Test
  void aReaderInAnotherProcessSeesTheStoreBesideItsWriter(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path data = tmp.resolve("data");
    try (ChainDriver driver = ChainDriver.create(data, HistoryMode.rolling(0), 5)) {
      driver.advance(60);
      assertThat(runChild(tmp, "read", data)).isEqualTo("head 60 readable "
          + (61 - driver.store.markers().caboose().level() + 1));
      driver.advance(17);
      assertThat(runChild(tmp, "read", data)).isEqualTo("head 77 readable "
          + (78 - driver.store.markers().caboose().level() + 1));
    }
  }

  @Test
  void openingADirectoryWithoutAStoreSaysSo(@TempDir Path dir) {
    assertThatThrownBy(() -> BlockReader.open(DataDir.at(dir)))
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Invalid_data_dir"));
  }

  private static String runChild(Path tmp, String command, Path data)
      throws IOException, InterruptedException {
    Process child = StoreChildProcess.start(tmp.resolve("child.log"), command, data.toString());
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      String line = out.readLine();
      assertThat(child.waitFor()).isZero();
      return line;
    }
  }
}
