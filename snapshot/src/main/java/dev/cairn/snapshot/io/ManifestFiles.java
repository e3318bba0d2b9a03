package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.SnapshotManifest;
import dev.cairn.store.datadir.AtomicFile;
import dev.cairn.store.datadir.NativeFiles;
import dev.cairn.validator.crypto.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The names a manifest gives beside itself (DESIGN §14): {@code FILE.manifest.json} beside the
 * snapshot {@code FILE} (a file, a Raw directory, or the name its parts share), and the snapshot
 * and its parts, which a manifest names by plain file names that resolve only beside it.
 */
public final class ManifestFiles {

  private ManifestFiles() {}

  /** The manifest of the snapshot {@code snapshot}. */
  public static Path manifestOf(Path snapshot) {
    Path absolute = snapshot.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + SnapshotManifest.FILE_SUFFIX);
  }

  /** {@code path} with every link resolved: a manifest's names resolve beside its real file. */
  static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new SnapshotError.SnapshotFileNotFound(path.toString()).toException(e);
    } catch (IOException e) {
      throw new SnapshotError.InvalidManifest(path.toString(), CauseText.of(e)).toException(e);
    }
  }

  /**
   * Reads the manifest at {@code path} (a plain file, not followed if a link; at most {@link
   * SignedManifest#MAX_BYTES}, refused unread if larger).
   */
  public static SignedManifest read(Path path) {
    try (FileChannel channel = NativeFiles.openRegularFile(path)) {
      long size = channel.size();
      if (size > SignedManifest.MAX_BYTES) {
        throw new SnapshotError.InvalidManifest(path.toString(), size + " bytes, more than the "
            + SignedManifest.MAX_BYTES + " a manifest may have").toException();
      }
      ByteBuffer bytes = ByteBuffer.allocate((int) size);
      while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
        // until full or at the end
      }
      if (bytes.hasRemaining()) {
        throw new SnapshotError.InvalidManifest(path.toString(), "it ends after "
            + bytes.position() + " of " + size + " bytes").toException();
      }
      return SignedManifest.decode(bytes.array(), path.toString());
    } catch (NoSuchFileException e) {
      throw new SnapshotError.SnapshotFileNotFound(path.toString()).toException(e);
    } catch (NativeFiles.NotARegularFileException e) {
      throw new SnapshotError.InvalidManifest(path.toString(), "not a plain file")
          .toException(e);
    } catch (IOException e) {
      throw new SnapshotError.InvalidManifest(path.toString(), CauseText.of(e)).toException(e);
    }
  }

  /**
   * Adds {@code key}'s signature to the manifest at {@code path} (in place of that key's
   * earlier one), after checking that every signature already there verifies: the signed bytes
   * stay as they are, and the new file replaces the old atomically (written beside, synced,
   * renamed). Returns the manifest as it now is.
   */
  public static SignedManifest addSignature(Path path, SigningKey key) {
    Path real = realPath(path);
    for (int attempt = 0; attempt < 8; attempt++) {
      SignedManifest signed = read(real);
      signed.requireValidSignatures(path.toString());
      SignedManifest more = signed.signedBy(key);
      byte[] bytes = more.encode();
      if (bytes.length > SignedManifest.MAX_BYTES) {
        throw new SnapshotError.InvalidManifest(path.toString(), "another signature would "
            + "take it past the " + SignedManifest.MAX_BYTES + " bytes a manifest may have")
            .toException();
      }
      try (AtomicFile file = AtomicFile.createUnique(real)) {
        file.write(ByteBuffer.wrap(bytes));
        // Another signer may have replaced it meanwhile: then sign what it wrote, so that no
        // signature is lost (the window left is between this read and the rename).
        if (read(real).equals(signed)) {
          file.commit();
          return more;
        }
      }
    }
    throw new SnapshotError.InvalidManifest(path.toString(), "it kept changing while it was "
        + "signed (other signers at work); try again").toException();
  }

  /**
   * Whether {@code in} (which must support mark) begins as a manifest does, with a JSON object:
   * no tar or zstd stream begins with {@code {}, after optional white space.
   */
  static boolean looksLikeOne(InputStream in) throws IOException {
    in.mark(64);
    byte[] head = in.readNBytes(64);
    in.reset();
    for (byte b : head) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return false;
  }

  /**
   * The file named {@code plainName} beside {@code sibling} (the manifest, or the destination);
   * a name with a separator, or {@code .} or {@code ..}, never gets here (the manifest's reader
   * refuses it), and is refused again.
   */
  public static Path beside(Path sibling, String plainName) {
    if (plainName.isEmpty() || plainName.contains("/") || plainName.equals(".")
        || plainName.equals("..") || plainName.indexOf('\0') >= 0) {
      throw new SnapshotError.InvalidManifest(sibling.toString(), "'" + plainName
          + "' is not a plain file name").toException();
    }
    Path absolute = sibling.toAbsolutePath().normalize();
    return absolute.resolveSibling(plainName);
  }
}
