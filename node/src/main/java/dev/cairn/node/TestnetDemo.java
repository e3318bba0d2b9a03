package dev.cairn.node;

import dev.cairn.error.CairnException;
import dev.cairn.fixtures.BlockForge;
import dev.cairn.fixtures.FixtureSpec;
import dev.cairn.fixtures.TestnetBaker;
import dev.cairn.fixtures.TestnetGenerator;
import dev.cairn.progress.Progress;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.validator.BlockValidator.Predecessor;
import dev.cairn.validator.BlockValidator;
import dev.cairn.validator.chain.ChainCheck;
import dev.cairn.validator.chain.ChainWriter;
import dev.cairn.validator.chain.GcPolicy;
import dev.cairn.validator.crypto.TestnetKey;
import dev.cairn.validator.ledger.TestnetParameters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The testnet part of {@code cairn demo}: a deterministic testnet generated block by block through
 * the validator, a node that keeps baking on it, a check that replays its recent blocks, and
 * forged blocks refused, each with the error of the one rule it breaks.
 */
final class TestnetDemo {

  private static final int BLOCKS = 64;
  private static final int MORE = 16;

  private final PrintWriter out;
  private final Path root;

  TestnetDemo(PrintWriter out, Path root) {
    this.out = out;
    this.root = root;
  }

  void run() {
    Path dir = root.resolve("testnet");
    FixtureSpec spec = new FixtureSpec(FixtureSpec.DEFAULT_CHAIN_NAME, BLOCKS, 8, 1,
        HistoryMode.full(1), 10, 16, new TestnetParameters(1, 1000, 8, 8, BLOCKS / 2,
            1_000_000_000L));
    long start = System.nanoTime();
    TestnetGenerator.Generated generated = TestnetGenerator.generate(dir, spec,
        GcPolicy.EVERY_CEMENTING, Progress.NONE);
    out.printf("Generated %d blocks, %d signed operations, 1,000 accounts, full:1: %.1f s%n",
        BLOCKS, generated.operations(), seconds(start));
    DataDir dataDir = DataDir.at(dir);
    try (ChainWriter writer = ChainWriter.open(dataDir, ChainWriter.Durability.EACH_BLOCK,
        GcPolicy.EVERY_CEMENTING)) {
      for (ProtocolLevel row : writer.store().protocolLevels().rows()) {
        out.printf("  proto level %d: %s from level %d%n", row.protoLevel(), row.protocol(),
            row.activationLevel());
      }
      start = System.nanoTime();
      TestnetBaker baker = new TestnetBaker(writer, 10, 0);
      for (int i = 0; i < MORE; i++) {
        baker.bakeNext();
      }
      Markers markers = writer.store().markers();
      out.printf("A node baked %d more blocks, each durable before the next: %.1f s%n", MORE,
          seconds(start));
      out.printf("  head %s, savepoint at level %d, caboose at level %d%n", markers.head(),
          markers.savepoint().level(), markers.caboose().level());

      BlockForge forge = new BlockForge(writer);
      Predecessor head = forge.on(markers.head().hash());
      Block valid = forge.valid(head, List.of());
      TestnetKey rightful = forge.rightfulBaker(head);
      TestnetKey other = IntStream.range(0, 8).mapToObj(forge::account)
          .filter(key -> !key.publicKeyHash().equals(rightful.publicKeyHash())).findFirst()
          .orElseThrow();
      out.println("Forged blocks on the head, each breaking one rule:");
      refuse("signed by a baker without the right", writer, head,
          () -> forge.resign(valid, h -> h, other));
      refuse("timestamped before its predecessor", writer, head, () -> forge.resign(valid,
          h -> new BlockHeader(h.level(), h.proto(), h.predecessor(), h.timestamp() - 60,
              h.validationPass(), h.operationsHash(), h.fitness(), h.context(),
              h.protocolData()), rightful));
    }
    start = System.nanoTime();
    ChainCheck.Report report = ChainCheck.run(dataDir, true, Progress.NONE);
    out.printf("store check --replay: clean; %d blocks re-applied with every signature checked, "
        + "each giving its context hash: %.1f s%n", report.replayed(), seconds(start));
  }

  private void refuse(String what, ChainWriter writer, Predecessor head, Supplier<Block> forged) {
    try {
      writer.validator().apply(writer.context(), head, writer.store().protocolLevels(),
          forged.get(), BlockValidator.Commit.HASH_ONLY);
      out.printf("  %s: accepted (unexpected!)%n", what);
    } catch (CairnException refused) {
      out.printf("  %s:%n    cairn: %s: %s%n", what, refused.error().name(),
          refused.error().details());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
