package dev.cairn.node;

import dev.cairn.store.datadir.DataDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, shared by the commands that work on a node's data directory. */
final class DataDirOption {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The node's data directory. Default: ~/.cairn-node.")
  private Path dataDir;

  /** The data directory given, or the default one. */
  DataDir dataDir() {
    return DataDir.at(dataDir != null ? dataDir : DataDir.defaultPath());
  }
}
