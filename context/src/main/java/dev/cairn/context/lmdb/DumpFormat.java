package dev.cairn.context.lmdb;

/**
 * The dump of one commit (DESIGN §5), version 1 of Cairn's context dump:
 *
 * <pre>
 * u64 count                      the number of objects that follow, the commit included
 * count × (u32 length · object)  each object's canonical encoding, 1 ≤ length ≤ 16 MiB + 1
 * </pre>
 *
 * <p>All integers are big-endian. Objects come in {@link ObjectWalk} order from the commit: each
 * reachable object exactly once, children before parents, so the commit is last. A commit's parents
 * are not part of its dump. The same commit always gives the same bytes. Nothing else follows.
 */
public final class DumpFormat {

  public static final int HEADER_BYTES = 8;
  public static final int LENGTH_BYTES = 4;
  /** The smallest framed object: a length and a one-byte empty blob. */
  public static final int MIN_FRAMED_OBJECT = LENGTH_BYTES + 1;

  private DumpFormat() {}
}
