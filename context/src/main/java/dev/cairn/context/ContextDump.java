package dev.cairn.context;

import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * The dump of one commit, planned: the number of objects and the byte length are known before
 * {@link #writeTo} writes it. The format is in {@link dev.cairn.context.lmdb.DumpFormat}. Closing
 * releases what the plan holds (the LMDB context's spool file).
 */
public interface ContextDump extends AutoCloseable {

  /** The number of distinct objects reachable from the commit, the commit included. */
  long objectCount();

  /** The exact number of bytes {@link #writeTo} writes. */
  long byteLength();

  /**
   * Writes the dump, exactly {@link #byteLength} bytes; {@code progress} receives the number of
   * objects written. May be called once. A failure of {@code out} is an {@link
   * java.io.UncheckedIOException}, for the caller to report against its own file.
   */
  void writeTo(OutputStream out, LongConsumer progress);

  @Override
  void close();
}
