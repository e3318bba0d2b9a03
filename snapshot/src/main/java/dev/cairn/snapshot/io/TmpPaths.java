package dev.cairn.snapshot.io;

import java.nio.file.Path;

/** The temporary name an export writes to before it renames: {@code <dest>.tmp}. */
final class TmpPaths {

  static final String SUFFIX = ".tmp";

  private TmpPaths() {}

  static Path of(Path destination) {
    return destination.resolveSibling(destination.getFileName() + SUFFIX);
  }
}
