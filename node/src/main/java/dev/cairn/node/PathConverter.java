package dev.cairn.node;

import dev.cairn.error.CauseText;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every path option and parameter: one that cannot be a path (a NUL byte), or that holds a
 * control character (which would break every log and script that shows it), is a usage error.
 */
final class PathConverter implements ITypeConverter<Path> {

  @Override
  public Path convert(String value) {
    if (value.isEmpty()) {
      throw new TypeConversionException("an empty path (an unset variable?): give a path, or "
          + "'.' for the current directory");
    }
    if (value.indexOf('\0') >= 0) {
      throw new TypeConversionException("'" + CauseText.printable(value)
          + "' is not a path: it holds a NUL byte");
    }
    if (value.codePoints().anyMatch(Character::isISOControl)) {
      throw new TypeConversionException("'" + CauseText.printable(value) + "' holds a control "
          + "character (a newline?): Cairn takes no such path");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new TypeConversionException("'" + CauseText.printable(value) + "' is not a path: "
          + CauseText.oneLine(e.getReason()));
    }
  }
}
