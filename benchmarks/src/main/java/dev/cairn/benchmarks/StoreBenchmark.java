package dev.cairn.benchmarks;

import dev.cairn.store.BlockWriter;
import dev.cairn.store.block.Block;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.datadir.FileTree;
import dev.cairn.store.synthetic.SyntheticChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending blocks to a store as a node does: store, then set head (durable: fsync of the floating
 * log and of the markers), with cementing every cycle (8 blocks) and the history mode's GC. The
 * score is the time per block, cementing and GC included; blocks are built before timing starts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

  private static final int BLOCKS = 4000;

  @Param({"archive", "full:1", "rolling:0"})
  public String mode;

  private SyntheticChain chain;
  private List<Block> blocks;
  private Path dir;
  private BlockWriter store;

  @Setup(Level.Trial)
  public void buildBlocks() {
    chain = new SyntheticChain(1, 10, 8);
    blocks = new ArrayList<>(BLOCKS);
    Block block = chain.genesis();
    for (int i = 0; i < BLOCKS; i++) {
      block = chain.next(block);
      blocks.add(block);
    }
  }

  @Setup(Level.Iteration)
  public void createStore() throws IOException {
    dir = Files.createTempDirectory("cairn-store-bench-");
    store = BlockWriter.create(DataDir.at(dir),
        chain.config("bench", HistoryMode.parse(mode), 8, 1), chain.genesis());
  }

  @Benchmark
  @OperationsPerInvocation(BLOCKS)
  public BlockWriter appendAndCement() {
    for (Block block : blocks) {
      store.store(block);
      store.setHead(block.hash());
    }
    return store;
  }

  @TearDown(Level.Iteration)
  public void deleteStore() {
    store.close();
    FileTree.delete(dir);
  }
}
