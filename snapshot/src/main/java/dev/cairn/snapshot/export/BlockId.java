package dev.cairn.snapshot.export;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.store.hash.BlockHash;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an operator names the block to export (DESIGN §8): a hash, a level, {@code head},
 * {@code head~N}, {@code checkpoint}, {@code savepoint}, {@code caboose}, {@code caboose+N} or
 * {@code genesis}. The default is {@code checkpoint} [Octez].
 */
public sealed interface BlockId {

  record Hash(BlockHash hash) implements BlockId {}

  record Level(int level) implements BlockId {}

  /** {@code head~n}; {@code head} is {@code head~0}. */
  record Head(int below) implements BlockId {}

  record Checkpoint() implements BlockId {}

  record Savepoint() implements BlockId {}

  /** {@code caboose+n}; {@code caboose} is {@code caboose+0}. */
  record Caboose(int above) implements BlockId {}

  record Genesis() implements BlockId {}

  BlockId DEFAULT = new Checkpoint();

  Pattern HEAD = Pattern.compile("head(?:~([0-9]{1,9}))?");
  Pattern CABOOSE = Pattern.compile("caboose(?:\\+([0-9]{1,9}))?");
  Pattern LEVEL = Pattern.compile("[0-9]{1,10}");

  /** The accepted forms, for a refusal. */
  String FORMS = "a block hash (B…), a level (0 or more), head, head~N, checkpoint, savepoint, "
      + "caboose, caboose+N or genesis";

  /** The identifier as an operator would write it. */
  static String describe(BlockId id) {
    if (id instanceof Hash h) {
      return h.hash().toString();
    } else if (id instanceof Level l) {
      return "level " + l.level();
    } else if (id instanceof Head h) {
      return h.below() == 0 ? "head" : "head~" + h.below();
    } else if (id instanceof Checkpoint) {
      return "checkpoint";
    } else if (id instanceof Savepoint) {
      return "savepoint";
    } else if (id instanceof Caboose c) {
      return c.above() == 0 ? "caboose" : "caboose+" + c.above();
    }
    return "genesis";
  }

  /** Parses an identifier; an {@link IllegalArgumentException} says what is accepted. */
  static BlockId parse(String text) {
    Matcher head = HEAD.matcher(text);
    Matcher caboose = CABOOSE.matcher(text);
    if (head.matches()) {
      return new Head(head.group(1) == null ? 0 : Integer.parseInt(head.group(1)));
    }
    if (caboose.matches()) {
      return new Caboose(caboose.group(1) == null ? 0 : Integer.parseInt(caboose.group(1)));
    }
    switch (text) {
      case "checkpoint": return new Checkpoint();
      case "savepoint": return new Savepoint();
      case "genesis": return new Genesis();
      default: break;
    }
    if (LEVEL.matcher(text).matches() && Long.parseLong(text) <= Integer.MAX_VALUE) {
      return new Level(Integer.parseInt(text));
    }
    try {
      return new Hash(BlockHash.parse(text));
    } catch (CairnException e) {
      String shown = CauseText.oneLine(text);
      boolean hashLike = text.startsWith("B") && text.length() >= 40;
      throw new IllegalArgumentException((hashLike ? e.error().details()
          : "'" + shown + "' is not a block") + "; give " + FORMS);
    }
  }
}
