package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.error.CairnException;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.snapshot.format.SnapshotMetadata;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.snapshot.verify.SnapshotVerifier;
import dev.cairn.store.hash.BlockHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import dev.cairn.snapshot.remote.RemoteOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot verify}: every check of an import, without a data directory. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
        "Checks a snapshot as an import would, without a data directory: the manifest's sizes "
            + "and SHA-256 digests (given a manifest), the version and metadata, the protocol "
            + "files, the block against --block, the context of B-1 restored and every object "
            + "rehashed, B replayed on it (which must give B's context hash), and every "
            + "floating and cemented block hashed and linked.",
        "The context and blocks go to a scratch directory of its own (in --scratch-dir), "
            + "removed at the end, on any failure and on Ctrl-C; nothing else is written. "
            + "Exit 0 with a report; exit 1 with the first typed error."})
final class SnapshotVerifyCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--block", paramLabel = "HASH",
      converter = SnapshotCommand.BlockHashConverter.class,
      description = "The block the snapshot must be of.")
  private BlockHash block;

  @Option(names = "--manifest", paramLabel = "FILE", description = "With - (standard input): "
      + "the manifest the stream must match.")
  private Path manifest;

  @Option(names = "--scratch-dir", paramLabel = "DIR", description = "Where the scratch "
      + "directory goes (it needs about the snapshot's size). Default: the system's temporary "
      + "directory (${DEFAULT-VALUE}).", defaultValue = "${sys:java.io.tmpdir}")
  private Path scratchDir;

  @Mixin
  private TrustOptions trustOptions;

  @Mixin
  private ProgressOption progressOption;

  @Option(names = "--json", description = "Print the report as one JSON object on standard "
      + "output.")
  private boolean json;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "With a "
      + "remote manifest of a split snapshot: how many parts are fetched ahead, into the "
      + "scratch directory. Default: ${DEFAULT-VALUE}.")
  private int parallel;

  @Mixin
  private RemoteAccessOptions remote;

  @Option(names = "--parent", paramLabel = "MANIFEST", description = "With an incremental "
      + "snapshot's manifest: the manifest of a parent kept elsewhere (repeatable). Parents "
      + "are otherwise looked for beside their child's manifest, then beside SOURCE's.")
  private List<Path> parents = new ArrayList<>();

  @Parameters(paramLabel = "SOURCE", description = "The snapshot: a tar or tar+zstd file, a "
      + "raw directory, a manifest (its snapshot or parts read beside it), - for standard "
      + "input, or a URL: http(s)://... or s3://BUCKET/KEY.")
  private String source;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    SnapshotVerifier.Report report;
    TrustPolicy trust = trustOptions.policy(TrustPolicy.NONE);
    RemoteOptions options = remote.options(parallel);
    ProgressDisplay display = progressOption.display();
    try (display) {
      report = SnapshotVerifier.verify(new SnapshotVerifier.Request(source,
          Optional.ofNullable(manifest), Optional.ofNullable(block), scratchDir, trust,
          options, parents), display);
    } catch (CairnException e) {
      throw ProgressOption.interrupted(e, display, "the verify was stopped; its scratch "
          + "directory was removed");
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    SnapshotMetadata metadata = report.metadata();
    List<String> checks = new ArrayList<>();
    report.manifest().ifPresent(signed -> checks.add(signed.manifest().split()
        ? "manifest: " + HumanText.count(signed.manifest().parts().size(), "part")
            + ", every size and SHA-256 as listed"
        : "manifest: every size and SHA-256 as listed"));
    report.manifest().ifPresent(signed -> {
      long trusted = signed.signatures().stream()
          .filter(signature -> trust.trusted().contains(signature.key())).count();
      checks.add(signed.signatures().isEmpty() ? "signatures: none (nothing says who published "
          + "it)" : "signatures: " + HumanText.count(signed.signatures().size(), "signature")
          + ", each valid" + (trust.trusted().isEmpty() ? "" : "; " + trusted + " by the "
          + HumanText.count(trust.trusted().size(), "trusted key") + ", "
          + trust.minSignatures() + " needed"));
    });
    checks.add("version and metadata");
    checks.add("protocols: " + HumanText.count(metadata.protocolLevels(), "level"));
    checks.add("block " + metadata.block() + " at level " + metadata.level());
    checks.add("context of B-1: " + HumanText.count(metadata.contextElements(), "object")
        + ", each rehashed, ending at B-1's context hash");
    checks.add("B replayed: its context hash as its header says");
    checks.add("blocks: " + HumanText.count(metadata.floatingBlocks(), "floating block") + ", "
        + HumanText.count(metadata.cementedCycles(), "cemented cycle")
        + ", each hashed and linked");
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = JsonOutput.object();
      root.put("verified", true);
      root.put("chain_name", metadata.chainName());
      root.put("mode", metadata.mode());
      root.put("block_hash", metadata.block().toString());
      root.put("level", metadata.level());
      root.put("context_elements", metadata.contextElements());
      root.put("floating_blocks", metadata.floatingBlocks());
      root.put("cemented_cycles", metadata.cementedCycles());
      report.manifest().ifPresent(signed -> {
        SnapshotManifest manifest = signed.manifest();
        ObjectNode node = root.putObject("manifest");
        node.put("layout", manifest.layout().toString());
        node.put("bytes", manifest.size());
        node.put("parts", manifest.parts().size());
      });
      ArrayNode passed = root.putArray("checks");
      checks.forEach(passed::add);
      root.put("milliseconds", millis);
      JsonOutput.print(out, root);
      return 0;
    }
    out.println("verified " + metadata.mode() + " snapshot of block " + metadata.block()
        + " at level " + metadata.level() + " (" + metadata.chainName() + ") in " + millis
        + " ms");
    checks.forEach(check -> out.println("  ok  " + check));
    if (report.manifest().isEmpty()) {
      out.println("  (no manifest given: sizes and digests not checked; give "
          + "FILE.manifest.json as the snapshot to check them)");
    }
    return 0;
  }
}
