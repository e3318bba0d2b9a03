package dev.cairn.store.datadir;

import dev.cairn.error.CauseText;
import dev.cairn.store.StoreError;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.chain.StoreConfigJson;
import dev.cairn.store.encoding.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's data directory, and the one place that names its paths (DESIGN section 2), including
 * the siblings and temporary directories that live beside it, as Kafka's {@code Snapshots} names
 * every snapshot file.
 *
 * <pre>
 * config.json                    chain, genesis, history mode, store parameters
 * lock                           held by the writer
 * store/markers                  head, checkpoint, savepoint, caboose, cementing and floating state
 * store/genesis                  the genesis block
 * store/protocol_levels          the protocol levels table
 * store/floating/&lt;generation&gt;  the floating block log in use
 * store/cemented/&lt;start&gt;_&lt;end&gt;  cemented cycles; metadata beside them in cemented/metadata/
 * store/index/                   LMDB: hash → level of cemented blocks
 * context/                       the context (LMDB; its scratch/ is the context module's own)
 * pins/&lt;pid&gt;-&lt;n&gt;/                a pinned reader's hard links to the cemented files it reads
 *
 * beside it, in its parent directory:
 * .&lt;name&gt;.import/               an import's staging directory, renamed to &lt;name&gt; when done
 * .&lt;name&gt;.import-old/           the data directory an import replaces, while it lands
 * &lt;name&gt;.part/                  a generated testnet while it is built
 *
 * beside an export's destination &lt;file&gt;:
 * .&lt;file&gt;.export/               the export's staging: spooled context dump and floating
 *                                blocks, and the snapshot itself, renamed to &lt;file&gt; when done
 * </pre>
 *
 * <p>Staging, pin and spool directories are {@link OwnedDirectory owned}: each holds an {@link
 * #OWNER_FILE} locked by the process that uses it, so an abandoned one is told from a live one
 * by the lock, not by a pid.
 */
public final class DataDir {

  private static final Pattern CEMENTED_NAME = Pattern.compile("(0|[1-9][0-9]{0,9})_(0|[1-9][0-9]{0,9})");

  private static final long MAX_CONFIG_BYTES = 1 << 20;

  /** The file whose OS lock says that a process owns its directory ({@link OwnedDirectory}). */
  public static final String OWNER_FILE = "owner";
  private static final String LOCK_FILE = "lock";
  private static final String CONFIG_FILE = "config.json";
  private static final String METADATA_DIR = "metadata";
  private static final Pattern PIN_DIR = Pattern.compile("[0-9]{1,18}-[0-9]{1,18}");
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  private DataDir(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public static DataDir at(Path root) {
    return new DataDir(root);
  }

  /**
   * The data directory at a path a user gave, checked once for all commands: {@code
   * Invalid_data_dir} for the root directory, and for anything there that is not a directory (a
   * file, a FIFO, a device, a dangling link), before anything opens it.
   */
  public static DataDir ofUserPath(Path path) {
    DataDir dir = new DataDir(path);
    Path root = dir.root;
    if (root.getFileName() == null) {
      throw new StoreError.InvalidDataDir(root, "the root directory cannot be a data directory")
          .toException();
    }
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
      throw new StoreError.InvalidDataDir(root, kindOf(root) + ", not a directory")
          .toException();
    }
    return dir;
  }

  /**
   * Refuses ({@code Invalid_data_dir}) to create this data directory where its parent does not
   * exist: a typo in a path is not taken for a wish to create it.
   */
  public void requireParent() {
    Path parent = root.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new StoreError.InvalidDataDir(root, "its parent directory " + parent
          + (parent != null && Files.exists(parent) ? " is not a directory" : " does not exist")
          + " (create it first)").toException();
    }
  }

  private static String kindOf(Path path) {
    try {
      BasicFileAttributes type = Files.readAttributes(path, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (type.isSymbolicLink()) {
        return "a symbolic link to nothing";
      }
      return type.isRegularFile() ? "a file" : type.isOther() ? "a FIFO, socket or device"
          : "not a directory";
    } catch (IOException e) {
      return "unreadable (" + CauseText.of(e) + ")";
    }
  }

  /** {@code ~/.cairn-node}. */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".cairn-node");
  }

  public Path root() {
    return root;
  }

  public Path configFile() {
    return root.resolve(CONFIG_FILE);
  }

  /** The writer's lock file. */
  public Path lockFile() {
    return root.resolve(LOCK_FILE);
  }

  public Path contextDir() {
    return root.resolve("context");
  }

  public Path storeDir() {
    return root.resolve("store");
  }

  public Path markersFile() {
    return storeDir().resolve("markers");
  }

  public Path genesisFile() {
    return storeDir().resolve("genesis");
  }

  public Path protocolLevelsFile() {
    return storeDir().resolve("protocol_levels");
  }

  public Path floatingDir() {
    return storeDir().resolve("floating");
  }

  public Path floatingLog(long generation) {
    return floatingDir().resolve(Long.toString(generation));
  }

  public Path cementedDir() {
    return storeDir().resolve("cemented");
  }

  public Path cementedFile(int start, int end) {
    return cementedFileIn(cementedDir(), start, end);
  }

  public Path cementedMetadataDir() {
    return cementedMetadataDirIn(cementedDir());
  }

  public Path cementedMetadataFile(int start, int end) {
    return cementedMetadataFileIn(cementedDir(), start, end);
  }

  /** Where pinned readers keep their links, one directory each. */
  public Path pinsDir() {
    return root.resolve("pins");
  }

  /** A new pinned reader's directory under {@link #pinsDir()}, unique to this process. */
  public Path newPinDir() {
    return pinsDir().resolve(uniqueName());
  }

  /** Whether {@code name} is the name of a pinned reader's directory under {@link #pinsDir()}. */
  public static boolean isPinDir(String name) {
    return PIN_DIR.matcher(name).matches();
  }

  /**
   * A cemented file in {@code dir}, which is laid out as {@link #cementedDir()} is: the store's
   * own, or a pinned reader's directory of links.
   */
  public static Path cementedFileIn(Path dir, int start, int end) {
    return dir.resolve(cementedName(start, end));
  }

  /** Where the metadata of the cemented files in {@code dir} is, as in {@link #cementedDir()}. */
  public static Path cementedMetadataDirIn(Path dir) {
    return dir.resolve(METADATA_DIR);
  }

  /** The metadata of a cemented file in {@code dir}, laid out as {@link #cementedDir()} is. */
  public static Path cementedMetadataFileIn(Path dir, int start, int end) {
    return cementedMetadataDirIn(dir).resolve(cementedName(start, end));
  }

  /** Where an import into this data directory builds: {@code .<name>.import} beside it. */
  public Path importStagingDir() {
    return sibling(".import");
  }

  /** Where a generated testnet is built before it takes this name: {@code <name>.part}. */
  public Path generationStagingDir() {
    return root.resolveSibling(root.getFileName() + AtomicFile.PART_SUFFIX);
  }

  /**
   * Where an import into this data directory keeps the parts of a remote snapshot fetched ahead
   * of the one being read: {@code .<name>.download} beside it, removed when the import ends.
   */
  public Path downloadsDir() {
    return sibling(".download");
  }

  /**
   * The scratch of one export of this data directory to a remote store (its spools; the
   * snapshot itself goes straight to the store): {@code .<name>.upload-<pid>-<n>} beside it, a
   * name of its own so that uploads run side by side.
   */
  public Path uploadStagingDir() {
    return sibling(".upload-" + uniqueName());
  }

  /** What the name of every {@link #uploadStagingDir()} of this data directory begins with. */
  public String uploadStagingPrefix() {
    return "." + root.getFileName() + ".upload-";
  }

  /** A part fetched ahead into {@code downloads}, under its plain name. */
  public static Path downloadedPart(Path downloads, String partName) {
    return stagedPart(downloads, partName);
  }

  /**
   * Where an import of an incremental snapshot's chain (DESIGN §16) assembles it into one
   * snapshot before importing that: {@code .<name>.chain} beside the data directory, removed
   * when the import ends, swept when a killed one left it.
   */
  public Path chainStagingDir() {
    return sibling(".chain");
  }

  /** Inside a chain's scratch directory: the context the chain's dumps and deltas rebuild. */
  public static Path chainContext(Path chainScratch) {
    return chainScratch.resolve("context");
  }

  /** Inside a chain's scratch directory: the floating blocks of every snapshot, spooled. */
  public static Path chainFloatingSpool(Path chainScratch) {
    return chainScratch.resolve("floating-spool");
  }

  /** Inside a chain's scratch directory: where each spooled floating block begins. */
  public static Path chainFloatingIndex(Path chainScratch) {
    return chainScratch.resolve("floating-index");
  }

  /** Inside a chain's scratch directory: the cemented files of every snapshot, spooled. */
  public static Path chainCementedDir(Path chainScratch) {
    return chainScratch.resolve("cemented");
  }

  /** Inside a chain's scratch directory: the assembled snapshot (Raw), with its manifest. */
  public static Path chainAssembled(Path chainScratch) {
    return chainScratch.resolve("assembled");
  }

  /** Inside an export's staging directory: the scratch of a squash's chain. */
  public static Path chainScratchIn(Path exportStaging) {
    return exportStaging.resolve("chain");
  }

  /** Where the data directory an import replaces waits while it lands. */
  public Path importAsideDir() {
    return sibling(".import-old");
  }

  private Path sibling(String suffix) {
    return root.resolveSibling("." + root.getFileName() + suffix);
  }

  /**
   * The staging directory of an export to {@code destination}, beside it: one name per
   * destination, so that a second export to it finds the first's, owned, and stops.
   */
  public static Path exportStagingDir(Path destination) {
    Path absolute = destination.toAbsolutePath().normalize();
    return absolute.resolveSibling("." + absolute.getFileName() + ".export");
  }

  /** What the name of a verify's scratch directory begins with. */
  public static final String VERIFY_SCRATCH_PREFIX = ".cairn-verify-";

  /**
   * A new scratch directory for one {@code snapshot verify}, in {@code parent}: a name of its
   * own (process and sequence), so that verifies run side by side; one a killed verify left is
   * swept by the next ({@link OwnedDirectory#deleteAbandoned}).
   */
  public static Path verifyScratchDir(Path parent) {
    // Unpredictable, so that nobody sharing the parent (the system's temporary directory) can
    // take the name first.
    return parent.toAbsolutePath().normalize().resolve(VERIFY_SCRATCH_PREFIX + uniqueName()
        + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
  }

  /** The data directory a verify imports into, inside its scratch directory. */
  public static DataDir verifyTarget(Path verifyScratch) {
    return at(verifyScratch.resolve("node"));
  }

  /** The snapshot being written inside an export's staging directory, renamed out when done. */
  public static Path stagedSnapshot(Path exportStaging) {
    return exportStaging.resolve("snapshot");
  }

  /**
   * The list, inside an export's staging directory, of the files it is publishing beside the
   * destination (each with its file identity): what a killed export had published, the next one
   * can take back.
   */
  public static Path publishingJournal(Path exportStaging) {
    return exportStaging.resolve("publishing");
  }

  /** The manifest inside an export's staging directory, renamed out after the snapshot. */
  public static Path stagedManifest(Path exportStaging) {
    return exportStaging.resolve("manifest.json");
  }

  /**
   * A part of a split snapshot inside an export's staging directory, under the plain name it
   * will have beside the destination.
   */
  public static Path stagedPart(Path exportStaging, String partName) {
    if (partName.contains("/") || partName.equals(".") || partName.equals("..")) {
      throw new IllegalArgumentException("not a part name: " + partName);
    }
    return exportStaging.resolve(partName);
  }

  /** The spooled floating blocks inside an export's staging directory. */
  public static Path spooledFloatingBlocks(Path exportStaging) {
    return exportStaging.resolve("floating_blocks");
  }

  private static String uniqueName() {
    return ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
  }

  public Path indexDir() {
    return storeDir().resolve("index");
  }

  /** The levels a cemented file's name covers, if it is such a name: {@code <start>_<end>}. */
  public static Optional<int[]> parseCementedName(String name) {
    Matcher m = CEMENTED_NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (start < 1 || end < start || end > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new int[] {(int) start, (int) end});
  }

  private static String cementedName(int start, int end) {
    return start + "_" + end;
  }

  /** Takes the writer's lock, or fails with {@code Data_dir_locked}. */
  public DataDirLock lockForWriting() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(root, "create", e);
    }
    return DataDirLock.acquire(root, lockFile());
  }

  /** Reads {@code config.json} ({@link StoreConfigJson}); {@code Invalid_data_dir} if unfit. */
  public StoreConfig readConfig() {
    Path file = configFile();
    if (!Files.exists(root)) {
      throw new StoreError.InvalidDataDir(root, "it does not exist").toException();
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreError.InvalidDataDir(root, "no config.json: not a Cairn data directory")
          .toException();
    }
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new IllegalArgumentException("larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      return StoreConfigJson.fromJson(StrictJson.read(Files.readAllBytes(file)));
    } catch (IOException | RuntimeException e) {
      throw new StoreError.InvalidDataDir(root, "config.json is unreadable: "
          + StrictJson.summary(e)).toException(e);
    }
  }

  /** Writes {@code config.json} atomically, through the same code that reads it. */
  public void writeConfig(StoreConfig config) {
    try {
      Files.createDirectories(root);
      AtomicFile.write(configFile(), StrictJson.write(StoreConfigJson.toJson(config)));
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(root, "create", e);
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
