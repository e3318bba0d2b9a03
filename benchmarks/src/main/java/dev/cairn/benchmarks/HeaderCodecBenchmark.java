package dev.cairn.benchmarks;

import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.synthetic.SyntheticChain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Shell header encode, decode and hash, and a whole block's encode and decode. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderCodecBenchmark {

  private BlockHeader header;
  private byte[] encodedHeader;
  private Block block;
  private byte[] encodedBlock;

  @Setup
  public void setup() {
    SyntheticChain chain = new SyntheticChain(1, 10, 8);
    block = chain.next(chain.next(chain.genesis()));
    header = block.header();
    encodedHeader = header.encode();
    encodedBlock = BlockCodec.encode(block, true);
  }

  @Benchmark
  public byte[] headerEncode() {
    return header.encode();
  }

  @Benchmark
  public BlockHeader headerDecode() {
    return BlockHeader.decode(encodedHeader);
  }

  @Benchmark
  public BlockHash headerHash() {
    return BlockHash.ofHeader(encodedHeader);
  }

  @Benchmark
  public byte[] blockEncode() {
    return BlockCodec.encode(block, true);
  }

  @Benchmark
  public Block blockDecode() {
    return BlockCodec.decode(encodedBlock, "benchmark");
  }
}
