package dev.cairn.validator.crypto;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.store.StoreError;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.NativeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A key file: one line, the {@code edsk…} text of a {@link SigningKey} and a newline, readable
 * and writable by its owner only (mode 0600), as docs/FORMAT.md describes.
 *
 * <p>{@link #write} creates the file with mode 0600 from its first byte (through {@link
 * AtomicFile#createNew}: a part file, fsync, a link under its name, fsync of the directory), never
 * over anything, and never creates a missing directory. {@link #read} takes a file as ssh takes
 * a private key: a symbolic link is followed, and the file it leads to must be a regular file of
 * at most {@value #MAX_BYTES} bytes that neither its group nor others may read, write or run.
 * Every refusal is {@code Invalid_key}, naming the file and what is wrong, never its content.
 */
public final class KeyFile {

  /** The largest key file read; one holds 55 bytes. */
  public static final int MAX_BYTES = 1024;

  /** Mode 0600. */
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFile() {}

  /**
   * Writes {@code key} to {@code file}, which must not exist, in a directory that must; the file
   * is durable and has mode 0600 when this returns.
   */
  public static void write(Path file, SigningKey key) {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw invalid(file, "it already exists" + (Files.isSymbolicLink(file)
          ? " (a symbolic link, which is not written through)" : "")
          + "; a key file is never overwritten: choose another name or move it away");
    }
    Path directory = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(directory)) {
      throw invalid(file, "its directory " + directory + (Files.exists(directory)
          ? " is not a directory" : " does not exist (it is not created)"));
    }
    byte[] content = (key.toEdsk() + "\n").getBytes(StandardCharsets.US_ASCII);
    try (AtomicFile out = AtomicFile.createNew(file, OWNER_ONLY)) {
      out.write(ByteBuffer.wrap(content));
      out.commit();
    } catch (CairnException e) {
      if (e.getCause() instanceof FileAlreadyExistsException
          && e.error() instanceof StoreError.StoreIoFailure failure) {
        throw invalid(file, failure.path().equals(file)
            ? "it appeared while the key was written, and was left as it is"
            : file + AtomicFile.PART_SUFFIX + " exists: another key is being written there, or "
                + "one was interrupted (it may hold a secret key; delete it)");
      }
      throw e;
    }
  }

  /** The key in {@code file}, after the checks above. */
  public static SigningKey read(Path file) {
    Path real;
    PosixFileAttributes attributes;
    try {
      real = file.toRealPath(); // a link is followed, here and only here
      attributes = Files.readAttributes(real, PosixFileAttributes.class);
    } catch (IOException e) {
      throw invalid(file, why(e));
    }
    if (attributes.isDirectory()) {
      throw invalid(file, "a directory, not a key file");
    }
    if (!attributes.isRegularFile()) {
      throw invalid(file, "not a regular file (a FIFO, socket or device)");
    }
    Set<PosixFilePermission> permissions = attributes.permissions();
    Set<PosixFilePermission> others = EnumSet.complementOf(EnumSet.of(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE));
    others.retainAll(permissions);
    if (!others.isEmpty()) {
      throw invalid(file, "its permissions " + mode(permissions) + " let others " + what(others)
          + "; run chmod 600 " + file);
    }
    if (attributes.size() > MAX_BYTES) {
      throw invalid(file, "it is " + attributes.size() + " bytes, and a key file is one line "
          + "of 55 bytes (at most " + MAX_BYTES + " are read)");
    }
    byte[] content = new byte[MAX_BYTES + 1];
    int length = 0;
    // Opened without following another link, without blocking, and checked to be a regular
    // file once open: whatever was put in the checked file's place meanwhile is refused.
    try (FileChannel channel = NativeFiles.openRegularFile(real)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        length = buffer.position();
      }
    } catch (NativeFiles.NotARegularFileException e) {
      throw invalid(file, "not a regular file (it was replaced while it was read)");
    } catch (IOException e) {
      throw invalid(file, why(e));
    }
    if (length > MAX_BYTES) {
      throw invalid(file, "it is larger than " + MAX_BYTES + " bytes, and a key file is one "
          + "line of 55 bytes");
    }
    return SigningKey.fromEdsk(file.toString(), line(file, content, length));
  }

  /** The one line of a key file, its newline (which may be missing) removed. */
  private static String line(Path file, byte[] content, int length) {
    int end = length > 0 && content[length - 1] == '\n' ? length - 1 : length;
    if (end == 0) {
      throw invalid(file, "it is empty; a key file holds one line: an edsk… secret key");
    }
    for (int i = 0; i < end; i++) {
      int b = content[i] & 0xff;
      if (b == '\n') {
        throw invalid(file, "it holds more than one line; a key file holds one: an edsk… "
            + "secret key");
      }
      if (b == ' ' || b == '\t' || b == '\r') {
        throw invalid(file, "its line holds white space (a space, a tab or a carriage return "
            + "at byte " + i + "); a key file holds the edsk… text alone");
      }
      if (b < 0x21 || b > 0x7e) {
        throw invalid(file, "it holds a byte no edsk… text has (at byte " + i + "); a key file "
            + "holds one line of text: an edsk… secret key");
      }
    }
    return new String(content, 0, end, StandardCharsets.US_ASCII);
  }

  /** Permissions as {@code ls} and {@code chmod} write them in octal: {@code 0644}. */
  private static String mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 0400 >> permission.ordinal(); // OWNER_READ, OWNER_WRITE, …, OTHERS_EXECUTE
    }
    return String.format("0%03o", mode);
  }

  /** What the group and others may do, the most telling first. */
  private static String what(Set<PosixFilePermission> others) {
    if (others.contains(PosixFilePermission.GROUP_READ)
        || others.contains(PosixFilePermission.OTHERS_READ)) {
      return "read it";
    }
    if (others.contains(PosixFilePermission.GROUP_WRITE)
        || others.contains(PosixFilePermission.OTHERS_WRITE)) {
      return "change it";
    }
    return "run it";
  }

  /** A failure of the file system in a few words. */
  private static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read it: permission denied";
    }
    if (e instanceof FileSystemException failure && failure.getReason() != null) {
      return "cannot read it: " + CauseText.oneLine(failure.getReason());
    }
    return "cannot read it: " + CauseText.of(e);
  }

  private static CairnException invalid(Path file, String reason) {
    return new KeyError.InvalidKey(file.toString(), reason).toException();
  }
}
