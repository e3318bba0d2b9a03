package dev.cairn.snapshot.importing;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where an import builds, and how it lands atomically (DESIGN §9).
 *
 * <p>An import of {@code <parent>/<name>} builds a complete data directory in {@code
 * <parent>/.<name>.import}, which names its process in {@code import-owner} for as long as it
 * runs, so a second import refuses to start beside it. To land,
 * it renames the old data directory (if any: absent, empty, only {@code config.json}, or with
 * {@code --force} a whole node) to {@code .<name>.import-old}, renames the staging directory to
 * {@code <name>}, and deletes the old one. Each rename is atomic, and the directory is synced
 * after each.
 *
 * <p>Recovery ({@link #recover}, run by every import before it starts) makes a crash at any point
 * leave the data directory as it was, or as imported once the second rename happened: a leftover
 * staging directory is deleted; a leftover {@code -old} directory is renamed back if the data
 * directory is absent, and deleted if it is present (the import had landed).
 */
final class ImportStaging implements AutoCloseable {

  /** Files a bare data directory may hold besides nothing at all. */
  private static final Set<String> BARE = Set.of("config.json", "lock");

  private final DataDir target;
  private final Path staging;
  private final Path old;
  /** Names the process building the staging directory; removed before it lands. */
  private static final String OWNER = "import-owner";

  private boolean owned;
  /** Directories above the data directory that this import created, removed if it fails. */
  private final java.util.List<Path> createdParents = new java.util.ArrayList<>();
  /** With --force over a node's data directory: its writer lock, so no node runs on it. */
  private dev.cairn.store.datadir.DataDirLock targetLock;
  private boolean landed;

  private ImportStaging(DataDir target, Path staging, Path old) {
    this.target = target;
    this.staging = staging;
    this.old = old;
  }

  /**
   * Takes the import lock beside {@code target}, recovers from an earlier import cut short, and
   * checks the data directory: {@code Directory_already_exists} unless it is bare or {@code
   * force}. Returns the staging area, empty.
   */
  static ImportStaging begin(DataDir target, boolean force) {
    Path root = target.root();
    Path parent = root.getParent();
    String name = root.getFileName().toString();
    ImportStaging staging = new ImportStaging(target, parent.resolve("." + name + ".import"),
        parent.resolve("." + name + ".import-old"));
    try {
      staging.createParents(parent);
      staging.refuseIfRunning();
      staging.recover();
      staging.checkBare(force);
      Files.createDirectory(staging.staging);
      Files.writeString(staging.owner(), Long.toString(ProcessHandle.current().pid()));
      staging.owned = true;
      return staging;
    } catch (IOException e) {
      staging.close();
      throw failure(root, "prepare an import into", e);
    } catch (RuntimeException e) {
      staging.close();
      throw e;
    }
  }

  /**
   * What a node's start does: if an import into {@code target} was cut short (and is not running
   * still), puts the data directory back as it was, or finishes the landing that had happened.
   */
  static void recoverBeside(DataDir target) {
    Path root = target.root();
    Path parent = root.getParent();
    String name = root.getFileName().toString();
    ImportStaging staging = new ImportStaging(target, parent.resolve("." + name + ".import"),
        parent.resolve("." + name + ".import-old"));
    if (!Files.exists(staging.staging, LinkOption.NOFOLLOW_LINKS)
        && !Files.exists(staging.old, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      staging.refuseIfRunning();
      staging.recover();
    } catch (IOException e) {
      throw failure(root, "recover an import into", e);
    } catch (dev.cairn.error.CairnException e) {
      // an import is running beside it: it will land or clean up itself
    }
  }

  private void createParents(Path parent) throws IOException {
    for (Path dir = parent; dir != null && !Files.exists(dir); dir = dir.getParent()) {
      createdParents.add(dir);
    }
    Files.createDirectories(parent);
  }

  private Path owner() {
    return staging.resolve(OWNER);
  }

  /** Another live process's staging directory means an import is running there. */
  private void refuseIfRunning() throws IOException {
    if (!Files.isRegularFile(owner(), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String text = Files.readString(owner()).trim();
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return; // not ours to trust: a leftover, removed by recovery
    }
    if (pid != ProcessHandle.current().pid()
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      throw new SnapshotError.DirectoryAlreadyExists(target.root().toString(),
          "an import in progress (process " + pid + " is building " + staging + ")")
          .toException();
    }
  }

  /** The data directory being built. */
  DataDir stagingDir() {
    return DataDir.at(staging);
  }

  /** The target's {@code config.json}, if it has one. */
  Optional<StoreConfig> existingConfig() {
    return Files.isRegularFile(target.configFile()) ? Optional.of(target.readConfig())
        : Optional.empty();
  }

  private void recover() throws IOException {
    deleteTree(staging);
    if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(target.root(), LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(old); // the import had landed before the crash
      } else {
        Files.move(old, target.root(), StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.fsyncDirectory(target.root().getParent());
      }
    }
  }

  private void checkBare(boolean force) throws IOException {
    if (!Files.exists(target.root(), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(target.root(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SnapshotError.DirectoryAlreadyExists(target.root().toString(),
          "a file, not a directory").toException();
    }
    List<String> extra;
    try (Stream<Path> entries = Files.list(target.root())) {
      extra = entries.map(p -> p.getFileName().toString()).filter(n -> !BARE.contains(n))
          .sorted().toList();
    }
    if (!extra.isEmpty() && !force) {
      throw new SnapshotError.DirectoryAlreadyExists(target.root().toString(),
          String.join(", ", extra.subList(0, Math.min(5, extra.size())))
              + (extra.size() > 5 ? ", …" : "")).toException();
    }
    if (!extra.isEmpty()) {
      targetLock = target.lockForWriting(); // Data_dir_locked while a node runs on it
    }
  }

  /**
   * Lands the staging directory as the data directory: the old one (if any) steps aside, the new
   * one takes its name, the old one is deleted.
   */
  void land() {
    Path parent = target.root().getParent();
    boolean asideDone = false;
    try {
      AtomicFile.fsyncDirectory(staging);
      if (Files.exists(target.root(), LinkOption.NOFOLLOW_LINKS)) {
        Files.move(target.root(), old, StandardCopyOption.ATOMIC_MOVE);
        asideDone = true;
        AtomicFile.fsyncDirectory(parent);
      }
      Files.move(staging, target.root(), StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.fsyncDirectory(parent);
      landed = true;
    } catch (IOException e) {
      if (asideDone && !landed) {
        putBack();
      }
      throw failure(target.root(), "move the imported data into", e);
    }
    releaseTargetLock();
    try {
      // The owner file came along: until now it kept recovery elsewhere from taking the
      // staging directory for a leftover.
      Files.deleteIfExists(target.root().resolve(OWNER));
      deleteTree(old);
    } catch (IOException e) {
      // the import has landed; the next command's recovery removes the old directory
    }
  }

  private void putBack() {
    try {
      Files.move(old, target.root(), StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.fsyncDirectory(target.root().getParent());
    } catch (IOException e) {
      // recovery at the next command puts it back (the data directory is absent, -old present)
    }
  }

  @Override
  public void close() {
    try {
      if (owned && !landed) {
        deleteTree(staging);
      }
      if (!landed) {
        for (Path dir : createdParents) { // deepest first
          Files.deleteIfExists(dir);
        }
      }
    } catch (IOException e) {
      // the next import removes the staging directory; an empty parent directory does no harm
    } finally {
      releaseTargetLock();
    }
  }

  private void releaseTargetLock() {
    if (targetLock != null) {
      targetLock.close();
      targetLock = null;
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static RuntimeException failure(Path path, String operation, IOException e) {
    return new SnapshotError.SnapshotIoFailure(path.toString(), operation,
        String.valueOf(e.getMessage())).toException(e);
  }
}
