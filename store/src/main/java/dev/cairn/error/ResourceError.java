package dev.cairn.error;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Errors of the machine's resources, whichever boundary meets them: a full file system (or an
 * exhausted quota, or an LMDB map that is full) is {@code No_space_left}, naming the directory
 * and, where it is known, how much was needed. Every family's input/output failure turns a cause
 * that {@link #isNoSpace says so} into this.
 */
public sealed interface ResourceError extends CairnError {

  /** Whether {@code cause} (or one of its causes) is a full file system or quota. */
  static boolean isNoSpace(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("no space left") || message.contains("disk quota exceeded")
          || message.contains("enospc") || message.contains("edquot")
          || t.getClass().getName().endsWith("MapFullException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code No_space_left} for a write to {@code path} (a file, or a directory) that failed with
   * {@code cause}, which {@link #isNoSpace} accepted.
   */
  static CairnException noSpaceAt(Path path, Throwable cause) {
    Path absolute = path.toAbsolutePath();
    Path directory = Files.isDirectory(absolute) || absolute.getParent() == null ? absolute
        : absolute.getParent();
    return new NoSpaceLeft(directory, OptionalLong.empty()).toException(cause);
  }

  /**
   * No room left for what was being written.
   *
   * @param directory where it was written
   * @param neededBytes how much was being reserved, when known
   */
  record NoSpaceLeft(Path directory, OptionalLong neededBytes) implements ResourceError {
    @Override
    public String name() {
      return "No_space_left";
    }

    @Override
    public String details() {
      return directory + ": the file system is full" + (neededBytes.isPresent()
          ? " (" + neededBytes.getAsLong() + " more bytes were needed)" : "")
          + "; free some space or choose another directory";
    }
  }
}
