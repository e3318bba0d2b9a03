package dev.cairn.benchmarks;

import dev.cairn.store.hash.Blake2b;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Blake2b-256 (Bouncy Castle) over inputs the size of what a node hashes: a shell header (256 B),
 * an operation (4 KiB), a block (64 KiB), and 1 MiB for bulk throughput to set beside
 * {@code b2sum -l 256}. Bytes per second = size × operations per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Blake2bBenchmark {

  @Param({"256", "4096", "65536", "1048576"})
  public int size;

  private byte[] input;

  @Setup
  public void setup() {
    input = new byte[size];
    new SplittableRandom(size).nextBytes(input);
  }

  @Benchmark
  public byte[] blake2b256() {
    return Blake2b.digest256(input, 0, input.length);
  }
}
