package dev.cairn.error;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A lower-level failure (a library's, the JDK's) told in one line of our words, for the details
 * of a typed error: the file system's exceptions by what they mean, any other message by its
 * first line; control characters escaped, at most {@value #MAX_LENGTH} characters, never a Java
 * class name.
 */
public final class CauseText {

  /** The longest summary (room for a long path and what went wrong with it). */
  public static final int MAX_LENGTH = 400;

  private CauseText() {}

  /** {@code cause} in one line. */
  public static String of(Throwable cause) {
    String text;
    if (cause instanceof NoSuchFileException) {
      text = "no such file or directory";
    } else if (cause instanceof AccessDeniedException) {
      text = "permission denied";
    } else if (cause instanceof FileAlreadyExistsException) {
      text = "it already exists";
    } else if (cause instanceof DirectoryNotEmptyException) {
      text = "the directory is not empty";
    } else if (cause instanceof NotDirectoryException) {
      text = "not a directory";
    } else if (cause instanceof FileSystemException e) {
      text = e.getReason();
    } else {
      text = cause.getMessage();
    }
    if (text == null || text.isBlank()) {
      text = "input/output error";
    }
    if (cause instanceof FileSystemException e && e.getFile() != null) {
      text = e.getFile() + ": " + text; // the file the system named, which may be a deeper one
    }
    return oneLine(text);
  }

  /** {@code text}'s first line, control characters escaped, cut at {@value #MAX_LENGTH}. */
  public static String oneLine(String text) {
    String first = text.strip().lines().findFirst().orElse("");
    String cut = first.codePointCount(0, first.length()) > MAX_LENGTH
        ? first.substring(0, first.offsetByCodePoints(0, MAX_LENGTH)) + "…" : first;
    return printable(cut);
  }

  /** {@code text} with every control character (a line break too) escaped as {@code \\uXXXX}. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
