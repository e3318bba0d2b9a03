package dev.cairn.context.object;

/** What a directory entry points at, with its tag in a leaf's encoding. */
public enum EntryKind {
  BLOB(1),
  DIRECTORY(2);

  private final int tag;

  EntryKind(int tag) {
    this.tag = tag;
  }

  public int tag() {
    return tag;
  }

  static EntryKind ofTag(int tag) {
    return switch (tag) {
      case 1 -> BLOB;
      case 2 -> DIRECTORY;
      default -> throw new ObjectFormatException("unknown entry kind " + tag);
    };
  }
}
