package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import dev.cairn.store.chain.RollupConfig;
import dev.cairn.store.encoding.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A rollup node's data directory (DESIGN §17), laid out here as the L1 one is in {@link DataDir}:
 *
 * <pre>
 * &lt;dir&gt;/config.json        the rollup, its L1 chain, its history mode ({@link RollupConfig})
 * &lt;dir&gt;/lock               held by the process that writes the directory
 * &lt;dir&gt;/l2/levels.log      the L2 chain: one record per L1 level (block, messages, commitment)
 * &lt;dir&gt;/l2/cemented        the last cemented commitment the node has seen L1 agree with
 * &lt;dir&gt;/context/           the PVM states, one canonical commit per distinct state (LMDB)
 * &lt;dir&gt;/gc.hold            locked while an export reads the states, or the node collects them
 *
 * beside it:
 * &lt;dir&gt;.part/              a new directory being created by rollup run, renamed when whole
 * .&lt;dir&gt;.import/           an import's staging, renamed to &lt;dir&gt; when complete
 * .&lt;dir&gt;.import-old/        a replaced directory, while an import with --force swaps it out
 * </pre>
 */
public final class RollupDataDir {

  private static final long MAX_CONFIG_BYTES = 1 << 16;

  private final DataDir dir;

  private RollupDataDir(DataDir dir) {
    this.dir = dir;
  }

  public static RollupDataDir at(Path root) {
    return new RollupDataDir(DataDir.at(root));
  }

  /** The directory at a path a user gave; {@code Invalid_data_dir} if it is not one. */
  public static RollupDataDir ofUserPath(Path path) {
    return new RollupDataDir(DataDir.ofUserPath(path));
  }

  /** Refuses to create the directory where its parent does not exist. */
  public void requireParent() {
    dir.requireParent();
  }

  public Path root() {
    return dir.root();
  }

  public Path configFile() {
    return dir.configFile();
  }

  public Path l2Dir() {
    return dir.root().resolve("l2");
  }

  public Path levelsLog() {
    return l2Dir().resolve("levels.log");
  }

  public Path cementedFile() {
    return l2Dir().resolve("cemented");
  }

  /** The file whose lock keeps the node from collecting states an export is reading. */
  public Path gcHoldFile() {
    return dir.root().resolve("gc.hold");
  }

  public Path contextDir() {
    return dir.contextDir();
  }

  /** Where {@code rollup run} builds a new directory before it takes this name: {@code <dir>.part}. */
  public Path creationStagingDir() {
    return dir.generationStagingDir();
  }

  /** Where an import builds the directory before it takes this name. */
  public Path importStagingDir() {
    return dir.importStagingDir();
  }

  /** Where a replaced directory waits while an import with {@code --force} swaps it out. */
  public Path importAsideDir() {
    return dir.importAsideDir();
  }

  /** Scratch space for walks of the context: inside the directory, removed when done. */
  public Path scratchDir() {
    return dir.root().resolve("tmp");
  }

  /** Whether a rollup directory is here: its {@code config.json} exists. */
  public boolean exists() {
    return Files.isRegularFile(configFile(), LinkOption.NOFOLLOW_LINKS);
  }

  /** Takes the writer's lock, or fails with {@code Data_dir_locked}. */
  public DataDirLock lockForWriting() {
    return dir.lockForWriting();
  }

  /** Reads {@code config.json}; {@code Invalid_data_dir} if absent or unfit. */
  public RollupConfig readConfig() {
    Path file = configFile();
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreError.InvalidDataDir(root(), "no config.json: not a Cairn rollup data "
          + "directory").toException();
    }
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new IllegalArgumentException("larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      return RollupConfig.fromJson(StrictJson.read(Files.readAllBytes(file)));
    } catch (IOException | RuntimeException e) {
      throw new StoreError.InvalidDataDir(root(), "config.json is not a rollup's: "
          + StrictJson.summary(e)).toException(e);
    }
  }

  /** Writes {@code config.json} atomically. */
  public void writeConfig(RollupConfig config) {
    try {
      Files.createDirectories(root());
      AtomicFile.write(configFile(), StrictJson.write(config.toJson()));
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(root(), "create", e);
    }
  }

  // ---- inside an export's staging directory (DataDir#exportStagingDir) ----

  /** The L2 levels spooled for the {@code l2_levels} member. */
  public static Path spooledLevels(Path exportStaging) {
    return exportStaging.resolve("l2_levels");
  }

  /**
   * Where an export compressing {@code after} writes the uncompressed snapshot first, and the
   * staging of that first write.
   */
  public static Path uncompressedExport(Path exportStaging) {
    return exportStaging.resolve("uncompressed");
  }

  /** The list of states an import expects in a snapshot's context, inside its staging. */
  public static Path expectedStates(Path importStaging) {
    return importStaging.resolve("expected-states");
  }

  /** The list of states an export dumps, inside its staging. */
  public static Path spooledStates(Path exportStaging) {
    return exportStaging.resolve("states");
  }

  /** The rollup directory a check of a written snapshot imports into, inside its scratch. */
  public static RollupDataDir verifyTarget(Path verifyScratch) {
    return at(verifyScratch.resolve("rollup"));
  }

  @Override
  public String toString() {
    return root().toString();
  }
}
