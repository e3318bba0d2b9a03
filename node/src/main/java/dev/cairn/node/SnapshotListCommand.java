package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.snapshot.catalog.SnapshotCatalog;
import dev.cairn.snapshot.format.SnapshotManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cairn snapshot list}: the snapshots of a directory, from their manifests. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists every snapshot in DIR that has a manifest (FILE.manifest.json), newest "
        + "first: chain, block, level, mode, base or incremental (and on which level), parts, "
        + "size on disk, who signed it and its age (since its manifest was written). Reads only "
        + "the manifests and each snapshot's first members.")
final class SnapshotListCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", description = "One JSON object on standard output.")
  private boolean json;

  @Parameters(paramLabel = "DIR", description = "The directory to list.")
  private Path dir;

  @Override
  public Integer call() {
    List<SnapshotCatalog.Entry> entries = SnapshotCatalog.list(dir);
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    if (json) {
      ObjectNode root = JsonOutput.object();
      root.put("directory", dir.toAbsolutePath().normalize().toString());
      ArrayNode list = root.putArray("snapshots");
      entries.forEach(entry -> describe(list.addObject(), entry, now));
      JsonOutput.print(out, root);
      return 0;
    }
    if (entries.isEmpty()) {
      out.println("no snapshot manifest in " + dir);
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"MANIFEST", "CHAIN", "BLOCK", "LEVEL", "MODE", "KIND", "PARTS", "SIZE",
        "SIGNED BY", "AGE"});
    for (SnapshotCatalog.Entry entry : entries) {
      SnapshotManifest.Summary manifest = entry.described();
      rows.add(new String[] {entry.manifestPath().getFileName().toString(),
          manifest.chainName(), shortHash(manifest.block().toString()),
          Integer.toString(manifest.level()), manifest.mode(), kind(entry),
          Integer.toString(manifest.parts()), HumanText.bytes(entry.bytes()),
          signers(entry), age(Duration.between(entry.written(), now))});
    }
    printTable(out, rows);
    entries.stream().filter(entry -> entry.problem().isPresent()).forEach(entry ->
        out.println("  " + entry.manifestPath().getFileName() + ": " + entry.problem().get()));
    return 0;
  }

  static void describe(ObjectNode node, SnapshotCatalog.Entry entry, Instant now) {
    SnapshotManifest.Summary manifest = entry.described();
    node.put("manifest", entry.manifestPath().toString());
    node.put("snapshot", manifest.snapshotName());
    node.put("chain_name", manifest.chainName());
    node.put("block_hash", manifest.block().toString());
    node.put("level", manifest.level());
    node.put("mode", manifest.mode());
    node.put("layout", manifest.layout().toString());
    node.put("incremental", manifest.parent().isPresent());
    manifest.parent().ifPresent(parent -> JsonOutput.putParent(node, parent));
    node.put("parts", manifest.parts());
    node.put("bytes", entry.bytes());
    ArrayNode signers = node.putArray("signed_by");
    entry.signers().forEach(key -> signers.add(key.toString()));
    node.put("written", entry.written().toString());
    node.put("age_seconds", Math.max(0, Duration.between(entry.written(), now).toSeconds()));
    entry.problem().ifPresent(problem -> node.put("problem", problem));
  }

  private static String kind(SnapshotCatalog.Entry entry) {
    return entry.described().parent().map(parent -> "incr. of " + parent.level())
        .orElse("base");
  }

  private static String signers(SnapshotCatalog.Entry entry) {
    if (entry.signers().isEmpty()) {
      return "-";
    }
    List<String> keys = new ArrayList<>();
    entry.signers().forEach(key -> keys.add(shortHash(key.toString())));
    return String.join(",", keys);
  }

  private static String shortHash(String hash) {
    return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
  }

  static String age(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + " s";
    } else if (seconds < 7200) {
      return seconds / 60 + " min";
    } else if (seconds < 2 * 86400) {
      return seconds / 3600 + " h";
    }
    return seconds / 86400 + " d";
  }

  private static void printTable(PrintWriter out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i]
            : String.format("%-" + widths[i] + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
