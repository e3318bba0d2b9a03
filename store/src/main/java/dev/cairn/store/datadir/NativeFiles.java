package dev.cairn.store.datadir;

import dev.cairn.error.ResourceError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.types.off_t;

/**
 * The few file operations Java does not offer, through the C library that jnr-ffi (which lmdbjava
 * brings) reaches: opening a file without blocking and checking what was opened, not what was
 * listed (a FIFO swapped in would block an open forever); and reserving a file's space before it
 * is written through a memory map (a write into an unreserved page on a full file system is a
 * SIGBUS, which kills the JVM). Where the C library is not reachable (not Linux), the portable
 * fallbacks are used: a type check before the open, and writing the file out with zeros.
 */
public final class NativeFiles {

  /** The libc calls used; public only because jnr-ffi implements it at run time. */
  public interface LibC {
    int open(String path, int flags);

    int close(int fd);

    int syncfs(int fd);

    int posix_fallocate(int fd, @off_t long offset, @off_t long length);
  }

  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;

  /**
   * Binding the C library costs about 0.2 s of jnr-ffi's start-up (class generation), so it is
   * bound on first use, by the commands that need it, not by every run.
   */
  private static final class Bound {
    static final Optional<LibC> LIBC = load();
  }

  private NativeFiles() {}

  private static Optional<LibC> load() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LibraryLoader.create(LibC.class).load("c"));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * Binds the C library now rather than at first use: the entry point calls this on a thread of
   * its own at start-up, so that the binding overlaps the parsing of the command line.
   */
  public static void bindEarly() {
    libc();
  }

  static Optional<LibC> libc() {
    return Bound.LIBC;
  }

  /** Whether file descriptor {@code fd} (2: standard error) is a terminal; false if unknown. */
  public static boolean isTerminal(int fd) {
    // /proc/self/fd/N links to the terminal's device: asking Linux this way costs nothing, where
    // isatty(3) would bind the C library for every run.
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false; // not Linux, or no /proc: not known to be a terminal
    }
  }

  /** Thrown when what was opened is not a regular file, whatever a listing said before. */
  public static final class NotARegularFileException extends IOException {
    public NotARegularFileException(Path file) {
      super(file + ": not a regular file");
    }
  }

  /**
   * Opens {@code file} for reading without following a link and without blocking, and checks the
   * type of the file opened: a FIFO, a device or a directory put in its place is refused.
   */
  public static FileChannel openRegularFile(Path file) throws IOException {
    if (Bound.LIBC.isEmpty()) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotARegularFileException(file);
      }
      return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
    LibC libc = Bound.LIBC.get();
    int flags = OpenFlags.O_RDONLY.intValue() | OpenFlags.O_NONBLOCK.intValue()
        | OpenFlags.O_NOFOLLOW.intValue() | OpenFlags.O_NOCTTY.intValue()
        | OpenFlags.O_CLOEXEC.intValue();
    int fd = libc.open(file.toAbsolutePath().toString(), flags);
    if (fd < 0) {
      throw openFailure(file, LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime()));
    }
    try {
      // /proc/self/fd/N names the object opened: its attributes are fstat's, and opening it
      // again opens that same object, whatever the path now names.
      Path opened = Path.of("/proc/self/fd/" + fd);
      BasicFileAttributes type = Files.readAttributes(opened, BasicFileAttributes.class);
      if (!type.isRegularFile()) {
        throw new NotARegularFileException(file);
      }
      return FileChannel.open(opened, StandardOpenOption.READ);
    } finally {
      libc.close(fd);
    }
  }

  /** What a failed {@code open(2)} means, by its errno. */
  private static IOException openFailure(Path file, int errno) {
    if (errno == Errno.ELOOP.intValue()) {
      return new NotARegularFileException(file); // a symbolic link, which is not followed
    }
    if (errno == Errno.ENOENT.intValue() || errno == Errno.ENOTDIR.intValue()) {
      return new NoSuchFileException(file.toString());
    }
    if (errno == Errno.EACCES.intValue() || errno == Errno.EPERM.intValue()) {
      return new AccessDeniedException(file.toString());
    }
    Errno known = Errno.valueOf(errno);
    return new FileSystemException(file.toString(), null, known == Errno.__UNKNOWN_CONSTANT__
        ? "cannot open (error " + errno + ")" : known.description());
  }

  /**
   * Reserves {@code length} bytes of {@code file} (which exists and is open for writing by the
   * caller) before it is mapped: really allocated, so that writes through the map cannot meet a
   * full file system. {@code No_space_left} if there is no room.
   */
  public static void reserve(Path file, FileChannel channel, long length) throws IOException {
    if (Bound.LIBC.isPresent()) {
      LibC libc = Bound.LIBC.get();
      int fd = libc.open(file.toAbsolutePath().toString(), OpenFlags.O_WRONLY.intValue());
      if (fd >= 0) {
        int error;
        try {
          error = libc.posix_fallocate(fd, 0, length);
        } finally {
          libc.close(fd);
        }
        if (error == 0) {
          return;
        }
        if (error == ENOSPC || error == EDQUOT) {
          throw noSpace(file, length);
        }
        // not supported by this file system: write it out instead
      }
    }
    writeZeros(file, channel, length);
  }

  private static void writeZeros(Path file, FileChannel channel, long length) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
    try {
      for (long at = channel.size(); at < length; ) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), length - at));
        at += channel.write(zeros, at);
      }
      channel.force(false);
    } catch (IOException e) {
      if (ResourceError.isNoSpace(e)) {
        throw noSpace(file, length);
      }
      throw e;
    }
  }

  private static RuntimeException noSpace(Path file, long length) {
    Path parent = file.toAbsolutePath().getParent();
    return new ResourceError.NoSpaceLeft(parent, OptionalLong.of(length)).toException();
  }
}
