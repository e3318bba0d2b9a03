package dev.cairn.node;

import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.DataDirStaging;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, shared by the commands that work on a node's data directory. */
final class DataDirOption {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The node's data directory. Default: ~/.cairn-node.")
  private Path dataDir;

  /**
   * The data directory given, or the default one; an import into it that a crash cut short is
   * undone first (or its landing finished), so every command starts on a whole directory.
   */
  DataDir dataDir() {
    DataDir dir = DataDir.ofUserPath(dataDir != null ? dataDir : DataDir.defaultPath());
    DataDirStaging.recoverInterrupted(dir);
    return dir;
  }
}
