package dev.cairn.snapshot.chain;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.io.SnapshotSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The members of a snapshot assembled in this process ({@link ChainAssembler}), read as any
 * snapshot is: small members from memory, the context from its dump's spool, the blocks from the
 * assembly's spool files, each stream opened when its member is reached and closed at the next.
 * Nothing is copied to a snapshot on disk first; the importer and a squash's sink read it as it
 * is. The members are canonical by construction; the importer checks them all again regardless.
 */
final class AssembledSource implements SnapshotSource {

  /** A member to come: its name, its exact size, and how to open its bytes. */
  record Planned(MemberName name, long size, Supplier<InputStream> open) {}

  private final Iterator<Planned> members;
  private InputStream current;

  AssembledSource(Iterator<Planned> members) {
    this.members = members;
  }

  @Override
  public Optional<Member> next() {
    closeCurrent();
    if (!members.hasNext()) {
      return Optional.empty();
    }
    Planned next = members.next();
    current = next.open().get();
    return Optional.of(new Member(next.name(), next.size(), current));
  }

  /** Members as files would be: the assembly is the Raw layout's, kept in scratch. */
  @Override
  public Layout layout() {
    return Layout.RAW;
  }

  @Override
  public void close() {
    closeCurrent();
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, "the assembled "
            + "snapshot: " + e.getClass().getSimpleName()).toException(e);
      } finally {
        current = null;
      }
    }
  }
}
