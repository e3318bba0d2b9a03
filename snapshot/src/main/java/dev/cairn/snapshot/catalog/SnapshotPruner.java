package dev.cairn.snapshot.catalog;

import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.ParentLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code cairn snapshot prune}: which snapshots of a directory go, and their removal (DESIGN
 * §16). Kept: the {@code keep} newest ({@link SnapshotCatalog}'s order), less those older than
 * {@code maxAge} if given; then every snapshot a kept one depends on, its parent and the
 * parent's parent down to the base, whatever their age. Everything else goes.
 *
 * <p>A snapshot is removed one file at a time, its manifest first, then its snapshot (a Raw
 * directory file by file, deepest first) or its parts: a prune stopped at any point leaves no
 * manifest whose snapshot is incomplete, so nothing left looks importable that is not.
 */
public final class SnapshotPruner {

  /** What a prune keeps and removes, and the bytes that frees. */
  public record Plan(List<SnapshotCatalog.Entry> kept, List<SnapshotCatalog.Entry> removed,
      long bytesFreed) {}

  private SnapshotPruner() {}

  /** The plan for {@code entries} (newest first) at time {@code now}. */
  public static Plan plan(List<SnapshotCatalog.Entry> entries, int keep,
      Optional<Duration> maxAge, Instant now) {
    Set<SnapshotCatalog.Entry> kept = new LinkedHashSet<>();
    Deque<SnapshotCatalog.Entry> pending = new ArrayDeque<>();
    for (int i = 0; i < Math.min(keep, entries.size()); i++) {
      SnapshotCatalog.Entry entry = entries.get(i);
      boolean young = maxAge.map(age -> !entry.written().isBefore(now.minus(age))).orElse(true);
      if (young) {
        pending.add(entry);
      }
    }
    while (!pending.isEmpty()) {
      SnapshotCatalog.Entry entry = pending.poll();
      if (!kept.add(entry)) {
        continue;
      }
      Optional<ParentLink> parent = entry.described().parent();
      if (parent.isPresent()) {
        entries.stream().filter(other -> other.isNamedBy(parent.get())).forEach(pending::add);
      }
    }
    List<SnapshotCatalog.Entry> removed = entries.stream().filter(e -> !kept.contains(e))
        .toList();
    List<SnapshotCatalog.Entry> keptInOrder = entries.stream().filter(kept::contains).toList();
    return new Plan(keptInOrder, removed,
        removed.stream().mapToLong(SnapshotCatalog.Entry::bytes).sum());
  }

  /** Removes what {@code plan} removes, oldest first, each manifest before its snapshot. */
  public static void apply(Plan plan) {
    List<SnapshotCatalog.Entry> oldestFirst = new ArrayList<>(plan.removed());
    oldestFirst.sort(Comparator.comparing(SnapshotCatalog.Entry::written));
    for (SnapshotCatalog.Entry entry : oldestFirst) {
      for (Path file : entry.files()) { // the manifest first
        delete(file);
      }
    }
  }

  private static void delete(Path path) {
    try {
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        List<Path> tree;
        try (Stream<Path> walk = Files.walk(path)) {
          tree = new ArrayList<>(walk.toList());
        }
        tree.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path file : tree) {
          Files.deleteIfExists(file);
        }
      } else {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException e) {
      // gone already: what the prune wanted
    } catch (IOException e) {
      throw SnapshotError.SnapshotIoFailure.of(path, "delete", e);
    } catch (UncheckedIOException e) {
      throw SnapshotError.SnapshotIoFailure.of(path, "delete", e.getCause());
    }
  }
}
