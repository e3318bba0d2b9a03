package dev.cairn.benchmarks;

import dev.cairn.store.hash.Blake2b;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Blake2b-256 of a whole file, read in 64 KiB pieces, as {@code b2sum -l 256} does it: the figure
 * that {@code benchmarks/run-snapshots.sh} sets beside b2sum's on the same file in the same run.
 * Prints the engine and the median MB/s of {@code runs} passes (the first pass warms the JIT and
 * the page cache and is not counted). {@code -Dcairn.blake2b=bouncycastle} measures the fallback.
 *
 * <pre>java -cp benchmarks.jar dev.cairn.benchmarks.Blake2bFileThroughput FILE [RUNS]</pre>
 */
public final class Blake2bFileThroughput {

  private Blake2bFileThroughput() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double[] mbPerSecond = new double[runs];
    byte[] digest = null;
    for (int run = -1; run < runs; run++) {
      long start = System.nanoTime();
      long bytes = 0;
      Blake2b hasher = Blake2b.hasher256();
      byte[] piece = new byte[64 * 1024];
      ByteBuffer buffer = ByteBuffer.wrap(piece);
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
        int n;
        while ((n = in.read(buffer.clear())) > 0) {
          hasher.update(piece, 0, n);
          bytes += n;
        }
      }
      digest = hasher.finish();
      if (run >= 0) {
        mbPerSecond[run] = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
      }
    }
    Arrays.sort(mbPerSecond);
    System.out.printf("%s %.0f MB/s %s%n", Blake2b.engineName().replace(' ', '_'),
        mbPerSecond[runs / 2], java.util.HexFormat.of().formatHex(digest));
  }
}
