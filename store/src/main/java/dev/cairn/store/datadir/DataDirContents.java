package dev.cairn.store.datadir;

import dev.cairn.store.StoreError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a would-be data directory holds, judged by name <em>and</em> by type with links not
 * followed: a directory named {@code config.json}, a link named {@code store}, a {@code lock}
 * that Cairn did not write, are foreign. An import takes a {@link #isBare() bare} directory, and
 * {@code --force} replaces only a {@link #isNode() node's}; anything else holds someone's files.
 *
 * @param config a regular {@code config.json}
 * @param lock a regular {@code lock} file as Cairn writes it (empty, or {@code pid N})
 * @param store a {@code store} directory
 * @param context a {@code context} directory
 * @param foreign every other entry, by name, sorted ({@code pins/} too, unless it holds only
 *     pinned readers' directories)
 */
public record DataDirContents(boolean config, boolean lock, boolean store, boolean context,
    List<String> foreign) {

  private static final Pattern LOCK_CONTENT = Pattern.compile("(pid [0-9]{1,19}\n?)?");
  private static final int MAX_LOCK_BYTES = 32;

  public DataDirContents {
    foreign = List.copyOf(foreign);
  }

  /** Absent, empty, or only a {@code config.json} and Cairn's {@code lock}. */
  public boolean isBare() {
    return !store && !context && foreign.isEmpty();
  }

  /** A Cairn node's data directory: {@code config.json}, {@code store/}, {@code context/}. */
  public boolean isNode() {
    return config && store && context && foreign.isEmpty();
  }

  /** What is there, for an error message: the foreign entries first, a few of them. */
  public String describe() {
    List<String> names = new ArrayList<>(foreign);
    if (names.isEmpty()) {
      return (store || context ? "a data directory" : "nothing")
          + (config ? "" : " without config.json")
          + (store ? "" : " without store/") + (context ? "" : " without context/");
    }
    String shown = String.join(", ", names.subList(0, Math.min(5, names.size())));
    return "files that are not Cairn's: " + shown + (names.size() > 5 ? ", … ("
        + names.size() + " in all)" : "");
  }

  /** Looks at {@code dataDir}'s root (which must be a directory, not a link). */
  public static DataDirContents of(DataDir dataDir) {
    Path root = dataDir.root();
    boolean config = false;
    boolean lock = false;
    boolean store = false;
    boolean context = false;
    List<String> foreign = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        BasicFileAttributes type = Files.readAttributes(entry, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (entry.equals(dataDir.configFile()) && type.isRegularFile()) {
          config = true;
        } else if (entry.equals(dataDir.lockFile()) && isCairnLock(entry, type)) {
          lock = true;
        } else if (entry.equals(dataDir.storeDir()) && type.isDirectory()) {
          store = true;
        } else if (entry.equals(dataDir.contextDir()) && type.isDirectory()) {
          context = true;
        } else if (!(entry.equals(dataDir.pinsDir()) && type.isDirectory()
            && holdsOnlyPins(entry))) {
          foreign.add(entry.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(root, "list", e);
    }
    foreign.sort(null);
    return new DataDirContents(config, lock, store, context, foreign);
  }

  /** Whether {@code pins} holds nothing but pinned readers' directories (links not followed). */
  private static boolean holdsOnlyPins(Path pins) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(pins)) {
      for (Path entry : entries) {
        if (!DataDir.isPinDir(entry.getFileName().toString())
            || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isCairnLock(Path file, BasicFileAttributes type) throws IOException {
    if (!type.isRegularFile() || type.size() > MAX_LOCK_BYTES) {
      return false;
    }
    String content = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    return LOCK_CONTENT.matcher(content).matches();
  }
}
