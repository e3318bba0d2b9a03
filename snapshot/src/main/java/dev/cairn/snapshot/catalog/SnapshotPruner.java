package dev.cairn.snapshot.catalog;

import dev.cairn.snapshot.format.ParentLink;
import dev.cairn.store.datadir.FileTree;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cairn snapshot prune}: which snapshots of a directory go, and their removal (DESIGN
 * §16). Kept: the {@code keep} newest ({@link SnapshotCatalog}'s order), less those older than
 * {@code maxAge} if given; then every snapshot a kept one depends on, its parent and the
 * parent's parent down to the base, whatever their age. Everything else goes.
 *
 * <p>A snapshot is removed one file at a time, its manifest first, then its snapshot (a Raw
 * directory file by file, links never followed) or its parts, the newest removed first: a prune
 * stopped at any point leaves no manifest whose snapshot is incomplete and no incremental whose
 * parent is gone, so nothing left looks importable that is not. A snapshot's files are only
 * those its manifest's name owns ({@link SnapshotCatalog.Entry#files}), and a file a kept
 * snapshot names too is never removed.
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

  /**
   * Removes what {@code plan} removes, newest first (children before the parents they need),
   * each manifest before its files; a file that a kept snapshot names too is left. Links are
   * removed, never followed.
   */
  public static void apply(Plan plan) {
    Set<Path> kept = new HashSet<>();
    plan.kept().forEach(entry -> kept.addAll(entry.files()));
    for (SnapshotCatalog.Entry entry : plan.removed()) { // newest first, as listed
      for (Path file : entry.files()) { // the manifest first
        if (!kept.contains(file)) {
          FileTree.delete(file);
        }
      }
    }
  }
}
