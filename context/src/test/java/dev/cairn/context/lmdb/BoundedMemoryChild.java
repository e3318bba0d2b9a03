package dev.cairn.context.lmdb;

import dev.cairn.context.ContextDump;
import dev.cairn.progress.Progress;
import dev.cairn.store.hash.ContextHash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * For {@link BoundedMemoryTest}, in a JVM with a small heap: dumps a commit to a file, restores the
 * file into a fresh context and verifies it, then GCs the source. Exits 0 and prints the restored
 * hash if all went well.
 */
public final class BoundedMemoryChild {

  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]);
    ContextHash commit = ContextHash.parse(args[1]);
    Path dump = Path.of(args[2]);
    Path target = Path.of(args[3]);
    long length;
    try (LmdbContext context = LmdbContext.open(source);
        ContextDump planned = context.openDump(commit);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(dump))) {
      length = planned.byteLength();
      planned.writeTo(out, Progress.NONE);
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dump))) {
      ContextHash restored = LmdbContext.restore(target, in, length, commit, Progress.NONE);
      try (LmdbContext context = LmdbContext.open(target)) {
        context.verify(restored);
      }
      try (LmdbContext context = LmdbContext.open(source)) {
        context.collectGarbage(List.of(commit));
      }
      System.out.println(restored);
    }
  }
}
