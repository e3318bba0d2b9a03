package dev.cairn.snapshot.format;

import dev.cairn.snapshot.SnapshotError;
import java.util.regex.Pattern;

/**
 * A member name that passed the allow-list: one of the fixed names, or {@code protocols/<x>} or
 * {@code cemented/<x>} where {@code <x>} is one plain path segment. Whether {@code <x>} is a valid
 * protocol hash or level range is for the importer to check, with the error of its kind.
 *
 * @param suffix what follows the prefix of a named kind; empty for the fixed names
 */
public record MemberName(MemberKind kind, String suffix) {

  /** One segment of letters, digits and {@code _ - .}, not {@code .} or {@code ..}. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public MemberName {
    if (kind.named() != !suffix.isEmpty()) {
      throw new IllegalArgumentException(kind + " with suffix '" + suffix + "'");
    }
  }

  public static MemberName of(MemberKind kind) {
    return new MemberName(kind, "");
  }

  public static MemberName named(MemberKind kind, String suffix) {
    return new MemberName(kind, suffix);
  }

  /** The name as it appears in an archive or under a Raw snapshot's directory. */
  public String path() {
    return kind.memberName() + suffix;
  }

  /**
   * Parses an archive's member name, or fails with {@code Invalid_snapshot_member}: absolute
   * names, {@code .} and {@code ..} segments, backslashes and anything off the allow-list.
   */
  public static MemberName parse(String name) {
    for (MemberKind kind : MemberKind.values()) {
      if (!kind.named() && kind.memberName().equals(name)) {
        return of(kind);
      }
      if (kind.named() && name.startsWith(kind.memberName())) {
        String suffix = name.substring(kind.memberName().length());
        if (SEGMENT.matcher(suffix).matches() && !suffix.equals(".") && !suffix.equals("..")) {
          return named(kind, suffix);
        }
      }
    }
    throw new SnapshotError.InvalidSnapshotMember(printable(name), name.startsWith("/")
        ? "an absolute name" : name.contains("..") ? "a name that climbs out with '..'"
        : "not a member of a Cairn snapshot").toException();
  }

  /** A hostile name as it can be shown on one terminal line. */
  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && i < 200; i++) {
      char c = name.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return name.length() > 200 ? out + "…" : out.toString();
  }

  @Override
  public String toString() {
    return path();
  }
}
