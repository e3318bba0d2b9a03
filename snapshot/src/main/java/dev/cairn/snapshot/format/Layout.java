package dev.cairn.snapshot.format;

import java.util.Arrays;
import java.util.Optional;

/** How a snapshot's members are laid out on disk (DESIGN §7), by the name info and manifests use. */
public enum Layout {
  RAW("raw"), TAR("tar"), TAR_ZSTD("tar+zstd");

  private final String shown;

  Layout(String shown) {
    this.shown = shown;
  }

  /** The layout {@code name} names ({@code raw}, {@code tar}, {@code tar+zstd}), if any. */
  public static Optional<Layout> named(String name) {
    return Arrays.stream(values()).filter(layout -> layout.shown.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return shown;
  }
}
