package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.snapshot.catalog.SnapshotCatalog;
import dev.cairn.snapshot.catalog.SnapshotPruner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot prune}: removes the oldest snapshots of a directory. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = {
        "Removes the oldest snapshots of DIR (their manifests, snapshot files or directories, "
            + "and parts), keeping the --keep newest (less those older than --max-age days), "
            + "and every base or incremental a kept snapshot depends on, whatever its age.",
        "Each snapshot goes one file at a time, its manifest first: a prune stopped at any "
            + "point leaves no manifest whose snapshot is incomplete. --dry-run says what "
            + "would go and removes nothing."})
final class SnapshotPruneCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--keep", required = true, paramLabel = "N", description = "How many of the "
      + "newest snapshots to keep (with what they depend on).")
  private int keep;

  @Option(names = "--max-age", paramLabel = "DAYS", description = "Remove, too, snapshots "
      + "written more than DAYS days ago, unless a kept one depends on them.")
  private Integer maxAgeDays;

  @Option(names = "--dry-run", description = "Show what would be removed; remove nothing.")
  private boolean dryRun;

  @Option(names = "--json", description = "One JSON object on standard output.")
  private boolean json;

  @Parameters(paramLabel = "DIR", description = "The directory of snapshots.")
  private Path dir;

  @Override
  public Integer call() {
    if (keep < 0 || (maxAgeDays != null && maxAgeDays < 0)) {
      throw new ParameterException(spec.commandLine(), "--keep and --max-age take a number "
          + "of 0 or more");
    }
    Instant now = Instant.now();
    SnapshotPruner.Plan plan = SnapshotPruner.plan(SnapshotCatalog.list(dir), keep,
        Optional.ofNullable(maxAgeDays).map(Duration::ofDays), now);
    if (!dryRun) {
      SnapshotPruner.apply(plan);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = JsonOutput.object();
      root.put("dry_run", dryRun);
      ArrayNode removed = root.putArray("removed");
      plan.removed().forEach(entry -> SnapshotListCommand.describe(removed.addObject(), entry,
          now));
      ArrayNode kept = root.putArray("kept");
      plan.kept().forEach(entry -> SnapshotListCommand.describe(kept.addObject(), entry, now));
      root.put("bytes_freed", plan.bytesFreed());
      JsonOutput.print(out, root);
      return 0;
    }
    String verb = dryRun ? "would remove " : "removed ";
    for (SnapshotCatalog.Entry entry : plan.removed()) {
      out.println(verb + entry.manifestPath().getFileName() + " (level "
          + entry.described().level() + ", " + HumanText.bytes(entry.bytes()) + ", "
          + SnapshotListCommand.age(Duration.between(entry.written(), now)) + " old)");
    }
    out.println((dryRun ? "would free " : "freed ") + HumanText.bytes(plan.bytesFreed())
        + " from " + HumanText.count(plan.removed().size(), "snapshot") + "; kept "
        + HumanText.count(plan.kept().size(), "snapshot"));
    return 0;
  }
}
