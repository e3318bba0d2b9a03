package dev.cairn.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.store.BlockReader;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.store.Fetch;
import dev.cairn.store.StoreError;
import dev.cairn.store.block.Block;
import dev.cairn.validator.rollup.RollupSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cairn node}: run a testnet node, or describe a data directory. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run a testnet node on a data directory, or describe one.")
final class NodeCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: try 'run' or 'info'");
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = {"Prints a data directory's chain, history mode, markers (head, checkpoint, "
          + "savepoint, caboose) and protocol levels.",
          "Reads only; runs beside a node that is writing."})
  static final class Info implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOption dataDirOption;

    @Option(names = "--json", description = "One JSON object on standard output.")
    private boolean json;

    @Override
    public Integer call() {
      DataDir dir = dataDirOption.dataDir();
      PrintWriter out = spec.commandLine().getOut();
      try (BlockReader store = BlockReader.open(dir)) {
        StoreConfig config = store.config();
        Markers markers = store.markers();
        List<RollupSummary> rollups = rollupsAtHead(dir, store, markers);
        if (json) {
          ObjectNode root = JsonOutput.object();
          root.put("data_dir", dir.root().toString());
          root.put("chain_name", config.chainName());
          root.put("chain_id", config.chainId().toString());
          root.put("history_mode", config.historyMode().toString());
          JsonOutput.putRef(root, "head", markers.head());
          JsonOutput.putRef(root, "checkpoint", markers.checkpoint());
          JsonOutput.putRef(root, "savepoint", markers.savepoint());
          JsonOutput.putRef(root, "caboose", markers.caboose());
          ArrayNode levels = root.putArray("protocol_levels");
          for (ProtocolLevel row : store.protocolLevels().rows()) {
            levels.addObject().put("proto_level", row.protoLevel())
                .put("protocol", row.protocol().toString())
                .put("activation_level", row.activationLevel())
                .put("activation_block", row.activationBlock().toString());
          }
          ArrayNode rollupArray = root.putArray("rollups");
          for (RollupSummary rollup : rollups) {
            ObjectNode node = rollupArray.addObject().put("address", rollup.address().toString())
                .put("kind", rollup.kind()).put("origination_level", rollup.originationLevel());
            node.putObject("last_cemented_commitment")
                .put("hash", rollup.lastCemented().hash().toString())
                .put("inbox_level", rollup.lastCemented().inboxLevel());
            node.putObject("newest_commitment").put("hash", rollup.newest().hash().toString())
                .put("inbox_level", rollup.newest().inboxLevel());
          }
          JsonOutput.print(out, root);
        } else {
          out.println("data dir      " + dir.root());
          out.println("chain         " + config.chainName() + " (" + config.chainId() + ")");
          out.println("history mode  " + config.historyMode());
          out.println("head          " + markers.head());
          out.println("checkpoint    " + markers.checkpoint());
          out.println("savepoint     " + markers.savepoint());
          out.println("caboose       " + markers.caboose());
          out.println("protocols");
          for (ProtocolLevel row : store.protocolLevels().rows()) {
            out.println("  proto level " + row.protoLevel() + "  " + row.protocol()
                + "  from level " + row.activationLevel());
          }
          if (!rollups.isEmpty()) {
            out.println("rollups");
          }
          for (RollupSummary rollup : rollups) {
            out.println("  " + rollup.address() + "  " + rollup.kind() + ", originated at level "
                + rollup.originationLevel() + ", last cemented " + rollup.lastCemented().hash()
                + " (inbox level " + rollup.lastCemented().inboxLevel() + ")");
          }
        }
      }
      return 0;
    }

    /** The rollups in the head's state; none before the rollup protocol or without a context. */
    static List<RollupSummary> rollupsAtHead(DataDir dir, BlockReader store, Markers markers) {
      Block head = store.block(markers.head().hash(), Fetch.BLOCK).orElseThrow(() ->
          new StoreError.CorruptedStore("the head " + markers.head() + " is not stored")
              .toException());
      try (LmdbContext context = LmdbContext.openReadOnly(dir.contextDir(),
          Path.of(System.getProperty("java.io.tmpdir")))) {
        return RollupSummary.of(context.checkout(head.header().context()));
      }
    }
  }
}
