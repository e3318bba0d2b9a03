package dev.cairn.context;

import dev.cairn.progress.Progress;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The dump of one commit, planned: the number of objects and the byte length are known before
 * {@link #writeTo} writes it. The format is in {@code DumpFormat}. Closing releases what the plan
 * holds (the LMDB context's spool file).
 */
public interface ContextDump extends AutoCloseable {

  /** The number of distinct objects reachable from the commit, the commit included. */
  long objectCount();

  /** The exact number of bytes {@link #writeTo} writes. */
  long byteLength();

  /**
   * Writes the dump, exactly {@link #byteLength} bytes; {@code progress} receives the objects
   * and bytes written, and may cancel ({@code Interrupted}). May be called once. A failure of
   * {@code out} is an {@link UncheckedIOException}, for the caller to report against its own file.
   */
  void writeTo(OutputStream out, Progress progress);

  /**
   * The dump's bytes as a stream to read, exactly {@link #byteLength} of them: for a reader that
   * pulls, such as an import of a snapshot assembled in this process. May be called any number
   * of times; each stream must be closed before the dump is.
   */
  InputStream read();

  @Override
  void close();
}
