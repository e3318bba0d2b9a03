package dev.cairn.context.lmdb;

import dev.cairn.progress.Progress;
import dev.cairn.store.hash.ContextHash;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** For {@link BoundedMemoryTest}: restores a dump file in a JVM with a small heap. */
public final class RestoreChild {

  public static void main(String[] args) throws Exception {
    Path dump = Path.of(args[0]);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dump))) {
      System.out.println(LmdbContext.restore(Path.of(args[1]), in, Files.size(dump),
          ContextHash.parse(args[2]), Progress.NONE));
    }
  }
}
