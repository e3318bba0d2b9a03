package dev.cairn.store.chain;

import dev.cairn.store.StoreError;
import java.util.Locale;

/**
 * A history mode [Octez]: {@code archive}, {@code full[:offset]} or {@code rolling[:offset]}.
 *
 * <p>Full and rolling keep {@code blocks_preservation_cycles + offset} cemented cycles with their
 * metadata below the checkpoint; full keeps older blocks without metadata, rolling drops them but
 * for the {@code max_operations_ttl} blocks below the savepoint. The default offset is 1.
 */
public record HistoryMode(Kind kind, int offset) {

  public static final int DEFAULT_OFFSET = 1;
  private static final int MAX_OFFSET = 10_000;

  /** What a mode keeps. */
  public enum Kind { ARCHIVE, FULL, ROLLING }

  public static final HistoryMode ARCHIVE = new HistoryMode(Kind.ARCHIVE, 0);

  public HistoryMode {
    if (offset < 0 || offset > MAX_OFFSET || (kind == Kind.ARCHIVE && offset != 0)) {
      throw new IllegalArgumentException("bad offset " + offset + " for " + kind);
    }
  }

  public static HistoryMode full(int offset) {
    return new HistoryMode(Kind.FULL, offset);
  }

  public static HistoryMode rolling(int offset) {
    return new HistoryMode(Kind.ROLLING, offset);
  }

  /** Parses {@code archive}, {@code full}, {@code full:N}, {@code rolling}, {@code rolling:N}. */
  public static HistoryMode parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
    try {
      if (parts.length > 2) {
        throw new IllegalArgumentException();
      }
      int offset = parts.length == 2 ? Integer.parseInt(parts[1]) : DEFAULT_OFFSET;
      return switch (parts[0]) {
        case "archive" -> {
          if (parts.length == 2) {
            throw new IllegalArgumentException();
          }
          yield ARCHIVE;
        }
        case "full" -> full(offset);
        case "rolling" -> rolling(offset);
        default -> throw new IllegalArgumentException();
      };
    } catch (IllegalArgumentException e) {
      throw new StoreError.InvalidHistoryMode(text).toException();
    }
  }

  /** Cemented cycles below the checkpoint that keep their metadata; none for archive, which keeps all. */
  public int retainedCycles(int preservationCycles) {
    return preservationCycles + offset;
  }

  /** {@code archive}, {@code full:N} or {@code rolling:N}. */
  @Override
  public String toString() {
    return kind == Kind.ARCHIVE ? "archive" : kind.name().toLowerCase(Locale.ROOT) + ":" + offset;
  }
}
