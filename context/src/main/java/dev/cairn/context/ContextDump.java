package dev.cairn.context;

import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * The dump of one commit, planned: the number of objects and the byte length are known before
 * {@link #writeTo} writes it. The format is in {@link dev.cairn.context.lmdb.DumpFormat}.
 */
public interface ContextDump extends AutoCloseable {

  /** The number of distinct objects reachable from the commit, the commit included. */
  long objectCount();

  /** The exact number of bytes {@link #writeTo} writes. */
  long byteLength();

  /**
   * Writes the dump; {@code progress} receives the number of objects written so far, now and
   * then. May be called once.
   */
  void writeTo(OutputStream out, LongConsumer progress);

  @Override
  void close();
}
