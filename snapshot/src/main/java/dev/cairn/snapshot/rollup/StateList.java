package dev.cairn.snapshot.rollup;

import dev.cairn.store.StoreError;
import dev.cairn.store.hash.ContextHash;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.Arrays;

/**
 * The states of a rollup snapshot's {@code context}, in order, in a file of 32-byte hashes: an
 * export lists what it dumps, an import what it expects, and neither holds a million of them on
 * the heap. Consecutive levels often share a state (a level without messages changes nothing); it
 * is listed once. A state never comes back after another (every message moves the tick counter),
 * so consecutive repeats are the only ones: a snapshot that lists one again further on is refused
 * by the restore, whose dump holds each object once.
 *
 * <p>Written first ({@link #add}), then {@link #finish}ed and read in order through a window of
 * the file ({@link #get}); closing deletes the file.
 */
final class StateList extends AbstractList<ContextHash> implements AutoCloseable {

  private static final int WINDOW = 1 << 16;

  private final Path file;
  private OutputStream out;
  private final byte[] last = new byte[32];
  private int size;
  private FileChannel in;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart = -1;

  private StateList(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  static StateList create(Path file) {
    try {
      return new StateList(file, new BufferedOutputStream(Files.newOutputStream(file,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), WINDOW));
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "create", e);
    }
  }

  /** Adds {@code hash} unless it is the last one added; whether it was added. */
  boolean add(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("a state hash is 32 bytes");
    }
    if (size > 0 && Arrays.equals(last, hash)) {
      return false;
    }
    try {
      out.write(hash);
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "write", e);
    }
    System.arraycopy(hash, 0, last, 0, 32);
    size++;
    return true;
  }

  /** Ends the writing; from now on the list is read. */
  StateList finish() {
    try {
      out.close();
      out = null;
      in = FileChannel.open(file, StandardOpenOption.READ);
      return this;
    } catch (IOException e) {
      throw StoreError.StoreIoFailure.of(file, "read", e);
    }
  }

  @Override
  public ContextHash get(int index) {
    if (index < 0 || index >= size || in == null) {
      throw new IndexOutOfBoundsException(index);
    }
    long at = (long) index * 32;
    if (windowStart < 0 || at < windowStart || at + 32 > windowStart + window.limit()) {
      fill(at);
    }
    byte[] hash = new byte[32];
    window.get((int) (at - windowStart), hash);
    return ContextHash.of(hash);
  }

  private void fill(long at) {
    try {
      window.clear();
      while (window.hasRemaining()) {
        if (in.read(window, at + window.position()) < 0) {
          break;
        }
      }
      window.flip();
      windowStart = at;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
      if (in != null) {
        in.close();
      }
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Inside a staging directory, which is removed with everything in it.
    }
  }
}
