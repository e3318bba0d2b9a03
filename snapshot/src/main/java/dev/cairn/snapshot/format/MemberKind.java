package dev.cairn.snapshot.format;

/**
 * The kinds of snapshot member, in the order they appear (DESIGN §7). A reader refuses a member
 * whose kind comes before the last one it read.
 */
public enum MemberKind {
  VERSION("snapshot_version.json"),
  METADATA("metadata.json"),
  PROTOCOL_LEVELS("protocol_levels"),
  PROTOCOL("protocols/"),
  BLOCK_DATA("block_data"),
  /** A rollup snapshot's L2 chain (docs/ROLLUPS.md); never in an L1 snapshot. */
  L2_LEVELS("l2_levels"),
  CONTEXT("context"),
  FLOATING_BLOCKS("floating_blocks"),
  CEMENTED("cemented/");

  private final String name;

  MemberKind(String name) {
    this.name = name;
  }

  /** The member's name, or for {@link #PROTOCOL} and {@link #CEMENTED} its directory prefix. */
  public String memberName() {
    return name;
  }

  /** Whether many members of this kind may appear, each named by what follows the prefix. */
  public boolean named() {
    return name.endsWith("/");
  }
}
