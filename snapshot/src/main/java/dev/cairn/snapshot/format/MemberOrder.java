package dev.cairn.snapshot.format;

import dev.cairn.snapshot.SnapshotError;
import java.util.Comparator;

/**
 * The canonical order of members (DESIGN §7): by kind; protocols by name; cemented files by
 * first level. A reader feeds every member through {@link #accept}, which refuses a repeat or a
 * member that comes before the previous one: each member is then read once, in one pass, and
 * a duplicate can never shadow what was already checked.
 */
public final class MemberOrder {

  /** Orders member names as a snapshot must list them. */
  public static final Comparator<MemberName> CANONICAL = Comparator
      .comparing(MemberName::kind)
      .thenComparingLong(MemberOrder::firstLevel)
      .thenComparing(MemberName::suffix);

  private MemberName previous;

  /** Checks that {@code name} may follow the members accepted so far. */
  public void accept(MemberName name) {
    if (previous != null) {
      int order = CANONICAL.compare(previous, name);
      if (order == 0) {
        throw new SnapshotError.InvalidSnapshotMember(name.path(), "appears twice")
            .toException();
      }
      if (order > 0) {
        throw new SnapshotError.InvalidSnapshotMember(name.path(), "comes after "
            + previous.path() + " but must come before it").toException();
      }
    }
    previous = name;
  }

  /** A cemented file's first level as its name gives it, for ordering; 0 for other kinds. */
  private static long firstLevel(MemberName name) {
    if (name.kind() != MemberKind.CEMENTED) {
      return 0;
    }
    int underscore = name.suffix().indexOf('_');
    String digits = underscore > 0 ? name.suffix().substring(0, underscore) : name.suffix();
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
      return Long.MAX_VALUE;
    }
    return Long.parseLong(digits);
  }
}
