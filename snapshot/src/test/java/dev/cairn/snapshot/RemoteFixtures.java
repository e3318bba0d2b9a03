package dev.cairn.snapshot;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.export.BlockId;
import dev.cairn.snapshot.export.SnapshotExporter;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.io.SnapshotSink.ExportFormat;
import dev.cairn.store.datadir.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The snapshots remote-source tests publish, all in one directory: a tar file with its manifest
 * ({@code whole.tar}), a tar+zstd cut into parts ({@code split.tar.zst}), and a copy of that
 * split snapshot whose third part is damaged ({@code damaged.tar.zst}, under its own manifest).
 */
record RemoteFixtures(DataDir source, Path dir, SnapshotExporter.Result whole,
    SnapshotExporter.Result split) {

  static final String WHOLE = "whole.tar";
  static final String SPLIT = "split.tar.zst";
  static final String DAMAGED = "damaged.tar.zst";

  static RemoteFixtures make(Path root) throws IOException {
    DataDir source = TestChains.generate(root.resolve("source"), 40, "full:1");
    Path dir = Files.createDirectories(root.resolve("published"));
    SnapshotExporter.Result whole = SnapshotExporter.export(new SnapshotExporter.Request(source,
        BlockId.DEFAULT, false, ExportFormat.TAR, false, Optional.of(dir.resolve(WHOLE)),
        OptionalLong.empty(), "test", Optional.empty()), Progress.NONE);
    SnapshotExporter.Result split = SnapshotExporter.export(new SnapshotExporter.Request(source,
        BlockId.DEFAULT, false, ExportFormat.TAR, true, Optional.of(dir.resolve(SPLIT)),
        OptionalLong.of(8_192), "test", Optional.empty()), Progress.NONE);
    // The damaged copy: the same parts under other names, the third with one byte flipped.
    String manifest = Files.readString(split.manifest()).replace(SPLIT + ".", DAMAGED + ".")
        .replace("\"" + SPLIT + "\"", "\"" + DAMAGED + "\"");
    Files.writeString(dir.resolve(DAMAGED + ".manifest.json"), manifest);
    for (int i = 0; i < split.parts(); i++) {
      String part = SnapshotManifest.partName(SPLIT, split.metadata().block(), i);
      Path copy = dir.resolve(SnapshotManifest.partName(DAMAGED, split.metadata().block(), i));
      Files.copy(dir.resolve(part), copy);
      if (i == 2) {
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 1;
        Files.write(copy, bytes);
      }
    }
    return new RemoteFixtures(source, dir, whole, split);
  }
}
