package dev.cairn.snapshot.io;

import dev.cairn.snapshot.format.Layout;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.MemberOrder;
import dev.cairn.store.datadir.NativeFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Raw layout: a directory whose files are the members. Before anything is read, the
 * whole tree is listed without following links and checked: only {@code protocols/} and {@code
 * cemented/} as subdirectories, every other entry a plain file with a single link (a symbolic
 * link or a hard link is {@code Invalid_snapshot_member}), every name on the allow-list. Members
 * are then returned in canonical order, so a directory's listing order does not matter.
 */
final class RawSource implements SnapshotSource {

  private final Path root;
  private final Iterator<Path> files;
  private final MemberOrder order = new MemberOrder();
  private final Map<String, SnapshotManifest.Entry> listed = new HashMap<>();
  private InputStream open;
  private DigestedInput digested;

  RawSource(Path root) {
    this(root, Optional.empty());
  }

  /**
   * A Raw snapshot whose member files must be exactly {@code manifestFiles}, if given, each of
   * its size and SHA-256 (checked as its last byte is read).
   */
  RawSource(Path root, Optional<List<SnapshotManifest.Entry>> manifestFiles) {
    this.root = root;
    List<MemberName> names = new ArrayList<>();
    list(root, "", names);
    names.sort(MemberOrder.CANONICAL);
    manifestFiles.ifPresent(entries -> {
      entries.forEach(entry -> listed.put(entry.name(), entry));
      Set<String> found = new HashSet<>();
      for (MemberName name : names) {
        found.add(name.path());
        if (!listed.containsKey(name.path())) {
          throw new SnapshotError.InvalidManifest(root.toString(), name.path() + " is in the "
              + "snapshot but not in its manifest").toException();
        }
      }
      for (SnapshotManifest.Entry entry : entries) {
        if (!found.contains(entry.name())) {
          throw new SnapshotError.MissingPart(entry.name(), "the manifest lists it; the "
              + "directory " + root + " does not hold it").toException();
        }
      }
    });
    this.files = names.stream().map(name -> root.resolve(name.path())).iterator();
  }

  private void list(Path dir, String prefix, List<MemberName> names) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = prefix + entry.getFileName();
        BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
          if (!prefix.isEmpty() || !(name.equals("protocols") || name.equals("cemented"))) {
            throw new SnapshotError.InvalidSnapshotMember(MemberName.printable(name),
                "a directory that is not protocols/ or cemented/").toException();
          }
          list(entry, name + "/", names);
          continue;
        }
        if (attributes.isSymbolicLink()) {
          throw new SnapshotError.InvalidSnapshotMember(MemberName.printable(name),
              "a symbolic link: members must be plain files").toException();
        }
        if (!attributes.isRegularFile()) {
          throw new SnapshotError.InvalidSnapshotMember(MemberName.printable(name),
              "not a plain file").toException();
        }
        Object links = Files.getAttribute(entry, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links instanceof Integer count && count > 1) {
          throw new SnapshotError.InvalidSnapshotMember(MemberName.printable(name),
              "a hard link (" + count + " names for one file): members must be files of their "
                  + "own").toException();
        }
        names.add(MemberName.parse(name));
      }
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, "cannot list " + dir + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  @Override
  public Optional<Member> next() {
    if (digested != null) {
      digested.requireComplete(); // the member before, read to its end and checked
      digested = null;
    }
    closeOpen();
    if (!files.hasNext()) {
      return Optional.empty();
    }
    Path file = files.next();
    MemberName name = MemberName.parse(root.relativize(file).toString());
    order.accept(name);
    try {
      // Opened without blocking, and its type checked on what was opened: a FIFO or a link put
      // in its place after the listing is refused, not waited on.
      FileChannel channel = NativeFiles.openRegularFile(file);
      long size = channel.size();
      open = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
      SnapshotManifest.Entry entry = listed.get(name.path());
      if (entry != null) {
        if (entry.size() != size) {
          throw new SnapshotError.DigestMismatch(name.path(), entry.size() + " bytes",
              Long.toString(size)).toException();
        }
        digested = new DigestedInput(open, name.path(), size, Optional.of(entry.sha256()));
        return Optional.of(new Member(name, size, new MemberInput(digested, name, size)));
      }
      return Optional.of(new Member(name, size, new MemberInput(open, name, size)));
    } catch (NativeFiles.NotARegularFileException e) {
      throw new SnapshotError.InvalidSnapshotMember(name.path(), "not a plain file (it was "
          + "replaced after the snapshot was listed)").toException(e);
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotSource.partOf(name.kind()), file + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  private void closeOpen() {
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // read-only; nothing to lose
      }
      open = null;
    }
  }


  @Override
  public Layout layout() {
    return Layout.RAW;
  }

  @Override
  public void close() {
    closeOpen();
  }
}
