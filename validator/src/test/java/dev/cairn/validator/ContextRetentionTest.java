package dev.cairn.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.context.CommitInfo;
import dev.cairn.context.ContextTree;
import dev.cairn.context.lmdb.LmdbContext;
import dev.cairn.store.BlockWriter;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.Markers;
import dev.cairn.store.chain.StoreConfig;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.synthetic.SyntheticChain;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chain whose blocks carry real context commits, stored in each history mode: after a collection
 * driven by the store's markers, exactly the commits of the blocks from the savepoint up are left
 * (side branches included), and they read as they were.
 */
class ContextRetentionTest {

  private static final int BLOCKS = 45;

  @TempDir
  Path dir;

  private record Made(Block block, int value) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"archive", "full:0", "full:1", "rolling:0", "rolling:1"})
  void theSavepointDecidesWhichContextsStay(String modeText) {
    HistoryMode mode = HistoryMode.parse(modeText);
    SyntheticChain chain = new SyntheticChain(3, 4, 4);
    List<Made> made = new ArrayList<>();
    try (LmdbContext context = LmdbContext.open(dir.resolve("context"))) {
      Block genesis = withContext(chain.genesis(), commit(context, null, 0));
      StoreConfig synthetic = chain.config("retention", mode, 4, 1);
      StoreConfig config = new StoreConfig(synthetic.chainName(), genesis.hash(),
          synthetic.genesisTimestamp(), synthetic.genesisProtocol(), mode, 4, 1,
          synthetic.testnet());
      try (BlockWriter store = BlockWriter.create(DataDir.at(dir.resolve("data")), config, genesis)) {
        build(chain, context, store, made);
        check(modeText, context, store, made);
      }
    }
  }

  private static void build(SyntheticChain chain, LmdbContext context, BlockWriter store,
      List<Made> made) {
    Block head = store.genesis();
    for (int level = 1; level <= BLOCKS; level++) {
      if (level % 7 == 0) {
        Block side = withContext(chain.child(head, 1),
            commit(context, head.header().context(), 1000 + level));
        store.store(side);
        made.add(new Made(side, 1000 + level));
      }
      Block next = withContext(chain.next(head), commit(context, head.header().context(), level));
      store.store(next);
      store.setHead(next.hash());
      made.add(new Made(next, level));
      head = next;
    }
  }

  private static void check(String modeText, LmdbContext context, BlockWriter store,
      List<Made> made) {
    Markers markers = store.markers();
    int savepoint = markers.savepoint().level();
    var summary = ContextRetention.collect(store, context);
    if (!modeText.equals("archive")) {
      assertThat(savepoint).as(modeText).isGreaterThan(20);
      assertThat(summary.deleted()).as(modeText).isPositive();
    }
    for (Made block : made) {
      ContextHash commit = block.block().header().context();
      boolean stored = store.block(block.block().hash()).isPresent();
      boolean expectKept = block.block().level() >= savepoint && stored;
      assertThat(context.contains(commit))
          .as("%s: level %d (%s), savepoint %d", modeText, block.block().level(),
              stored ? "stored" : "not stored", savepoint)
          .isEqualTo(expectKept);
      if (expectKept) {
        ContextTree tree = context.checkout(commit);
        assertThat(tree.find(List.of("value"))).hasValue(bytes(block.value()));
        assertThat(context.verify(commit)).isPositive();
      }
    }
    assertThat(ContextRetention.collect(store, context).deleted()).isZero();
  }

  /** A commit on top of {@code parent} (or of nothing) that records {@code value}. */
  private static ContextHash commit(LmdbContext context, ContextHash parent, int value) {
    ContextTree tree = parent == null ? context.emptyTree() : context.checkout(parent);
    tree.set(List.of("value"), bytes(value));
    tree.set(List.of("history", "v" + value), bytes(value));
    if (value > 3) {
      tree.remove(List.of("history", "v" + (value - 3)));
    }
    return tree.commit(new CommitInfo(parent == null ? List.of() : List.of(parent), value, ""));
  }

  private static Block withContext(Block block, ContextHash context) {
    BlockHeader h = block.header();
    return Block.of(new BlockHeader(h.level(), h.proto(), h.predecessor(), h.timestamp(),
        h.validationPass(), h.operationsHash(), h.fitness(), context, h.protocolData()),
        block.operations(), block.metadata());
  }

  private static byte[] bytes(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }
}
