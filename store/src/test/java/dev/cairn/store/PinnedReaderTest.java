package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.block.Block;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.BlockHash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pinned reader (what {@code snapshot export} opens) beside a writer in another process that
 * keeps cementing and, in rolling mode, deleting cemented files: every block the reader saw stays
 * readable, while a plain reader opened at the same moment loses the collected ones.
 */
class PinnedReaderTest {

  @TempDir
  Path dir;

  @Test
  void aPinnedReaderKeepsWhatARollingWriterCollects() throws Exception {
    Path data = dir.resolve("data");
    Process writer = StoreChildProcess.start(dir.resolve("writer.log"), "write", data.toString(),
        "rolling:0", "11");
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
      int head = awaitHead(out, 40);
      try (BlockReader pinned = BlockReader.openPinned(DataDir.at(data))) {
        Markers seen = pinned.markers();
        List<BlockView.CementedFile> files = pinned.cementedFiles();
        assertThat(files).isNotEmpty();
        List<BlockHash> hashes = new ArrayList<>();
        for (int level = seen.caboose().level(); level <= seen.head().level(); level++) {
          hashes.add(pinned.canonicalHash(level).orElseThrow());
        }
        awaitHead(out, head + 40); // ten more cycles: the files seen are collected by now
        BlockView.CementedFile oldest = files.get(0);
        assertThat(DataDir.at(data).cementedFile(oldest.start(), oldest.end())).doesNotExist();
        assertThat(oldest.path()).exists();
        for (int level = seen.caboose().level(); level <= seen.head().level(); level++) {
          Block block = pinned.canonicalBlock(level).orElseThrow();
          assertThat(block.hash()).isEqualTo(hashes.get(level - seen.caboose().level()));
          assertThat(block.verify()).isEmpty();
        }
        assertThat(Files.list(data.resolve("pins")).count()).isEqualTo(1);
      }
      assertThat(Files.list(data.resolve("pins")).count()).isZero();
    } finally {
      writer.toHandle().destroyForcibly();
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Reads the writer's output until its head is at {@code level} or above. */
  private static int awaitHead(BufferedReader out, int level) throws Exception {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("head ")) {
        int head = Integer.parseInt(line.substring(5).trim());
        if (head >= level) {
          return head;
        }
      }
    }
    throw new AssertionError("the writer stopped before level " + level);
  }
}
