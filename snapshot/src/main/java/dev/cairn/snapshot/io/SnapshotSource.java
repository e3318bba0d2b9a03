package dev.cairn.snapshot.io;

import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.snapshot.format.Layout;
import dev.cairn.snapshot.format.MemberKind;
import dev.cairn.snapshot.format.MemberName;
import dev.cairn.snapshot.format.SignedManifest;
import dev.cairn.snapshot.format.TrustPolicy;
import dev.cairn.progress.Progress;
import dev.cairn.snapshot.remote.RemoteLocation;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.store.datadir.NativeFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A snapshot being read, member after member, in one pass: a Raw directory, a tar file, a
 * zstd-compressed tar file (told apart by magic, not by name), or a tar stream on standard input.
 *
 * <p>Every member a source returns has passed the allow-list ({@link MemberName#parse}), is a
 * plain file, and comes in canonical order after the previous one (no repeats). Its stream
 * yields exactly its declared size at most; a read that fails underneath is {@code Cannot_read}
 * of that member's kind. A source never writes anywhere.
 */
public interface SnapshotSource extends AutoCloseable {

  /** One member: its checked name, its declared size, and its bytes. */
  record Member(MemberName name, long size, InputStream in) {}

  /** The next member, or empty after the last. */
  Optional<Member> next();

  @Override
  void close();

  /**
   * The file of a fixed-name member in a Raw snapshot's directory: the Raw layout is this
   * package's to name, as the data directory's is {@code DataDir}'s.
   */
  static Path rawMemberFile(Path root, MemberKind kind) {
    return root.resolve(kind.memberName());
  }

  /** Opens {@code path}, or standard input for {@code -}. */
  static SnapshotSource open(String path) {
    return open(path, Optional.empty(), TrustPolicy.NONE, () -> false);
  }

  /**
   * Opens {@code path}: a Raw directory, a tar or tar+zstd file, or a manifest (told apart by
   * content), whose snapshot is then read through it; or standard input for {@code -}, checked
   * against {@code manifest} if given. {@code trust} is checked on the manifest before any byte
   * of the snapshot is read ({@code Untrusted_snapshot}, {@code Invalid_signature}). A read of
   * standard input that waits for data stops with {@code Interrupted} once {@code cancelled}
   * says so (a file never waits).
   */
  static SnapshotSource open(String path, Optional<Path> manifest, TrustPolicy trust,
      BooleanSupplier cancelled) {
    return open(path, manifest, trust, cancelled, Optional.empty());
  }

  /**
   * How a remote source is reached: the command's remote stores, and the directory (if any)
   * where parts of a split snapshot may be fetched ahead of the one being read.
   */
  record RemoteAccess(Remotes remotes, Optional<Path> downloads) {}

  /**
   * As {@link #open(String, Optional, TrustPolicy, BooleanSupplier)}, and {@code path} may also
   * be an {@code http(s)://} URL or an {@code s3://} URI, reached through {@code remote} (or,
   * when it is not given, with the default options, streaming parts in order).
   */
  static SnapshotSource open(String path, Optional<Path> manifest, TrustPolicy trust,
      BooleanSupplier cancelled, Optional<RemoteAccess> remote) {
    if (RemoteLocation.isRemote(path)) {
      if (manifest.isPresent()) {
        throw new SnapshotError.InvalidManifest(manifest.get().toString(), "a manifest is "
            + "given apart only for standard input; give its URL as the snapshot instead")
            .toException();
      }
      RemoteLocation location = RemoteLocation.parse(path);
      if (remote.isPresent()) {
        return RemoteSources.open(location, trust, remote.get().remotes(),
            remote.get().downloads());
      }
      Remotes remotes = new Remotes(RemoteOptions.DEFAULTS, Progress.NONE, cancelled);
      try {
        return new RemoteSources.Owning(RemoteSources.open(location, trust, remotes,
            Optional.empty()), remotes);
      } catch (RuntimeException e) {
        remotes.close();
        throw e;
      }
    }
    if (path.equals("-")) {
      if (manifest.isPresent()) {
        Path real = ManifestFiles.realPath(manifest.get());
        SignedManifest signed = ManifestFiles.read(real);
        trust.check(manifest.get().toString(), Optional.of(signed));
        return ManifestSource.ofStream(new CancellableInput(System.in, cancelled), real, signed);
      }
      trust.check("standard input", Optional.empty());
      return TarSource.of(new BufferedInputStream(new CancellableInput(System.in, cancelled),
          1 << 16), "standard input");
    }
    if (manifest.isPresent()) {
      throw new SnapshotError.InvalidManifest(manifest.get().toString(), "a manifest is given "
          + "apart only for standard input; give it as the snapshot instead of " + path)
          .toException();
    }
    Path file = pathOf(path);
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      trust.check(path, Optional.empty());
      return new RawSource(file);
    }
    if (!Files.exists(file)) {
      throw new SnapshotError.SnapshotFileNotFound(path).toException();
    }
    if (!Files.isRegularFile(file)) {
      throw new SnapshotError.NotASnapshot(path, Files.isDirectory(file)
          ? "a symbolic link to a directory (give the directory itself)"
          : "a FIFO, socket or device, not a file").toException();
    }
    BufferedInputStream in = null;
    try {
      // A link the user gives is followed, once, here; what it leads to is opened without
      // following another, and its type checked on what was opened.
      Path real = file.toRealPath();
      in = new BufferedInputStream(Channels.newInputStream(NativeFiles.openRegularFile(real)),
          1 << 16);
      if (ManifestFiles.looksLikeOne(in)) {
        in.close();
        SignedManifest signed = ManifestFiles.read(real);
        trust.check(path, Optional.of(signed));
        return ManifestSource.open(real, signed);
      }
      trust.check(path, Optional.empty());
      return TarSource.of(in, path);
    } catch (RuntimeException e) {
      if (in != null) {
        try {
          in.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    } catch (NoSuchFileException e) {
      throw new SnapshotError.SnapshotFileNotFound(path).toException(e);
    } catch (NativeFiles.NotARegularFileException e) {
      throw new SnapshotError.NotASnapshot(path, "a FIFO, socket or device, not a file")
          .toException(e);
    } catch (IOException e) {
      throw new SnapshotError.CannotRead(SnapshotError.Part.VERSION, path + ": "
          + CauseText.of(e)).toException(e);
    }
  }

  /**
   * Opens the local snapshot that {@code manifest}, already read from {@code path} and checked,
   * describes: read through it (every byte against its digests) whatever the file at {@code
   * path} has become since.
   */
  static SnapshotSource openThroughManifest(Path path, SignedManifest manifest) {
    return ManifestSource.open(ManifestFiles.realPath(path), manifest);
  }

  /** The manifest this snapshot is read through, if any. */
  default Optional<SignedManifest> manifest() {
    return Optional.empty();
  }

  /** {@code path} as a path; one that cannot be (a NUL byte) is {@code Not_a_snapshot}. */
  static Path pathOf(String path) {
    try {
      if (path.isEmpty()) {
        throw new InvalidPathException(path, "an empty path");
      }
      if (path.indexOf('\0') >= 0) {
        throw new InvalidPathException(path, "a NUL byte");
      }
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new SnapshotError.NotASnapshot(CauseText.printable(path), "not a path: "
          + CauseText.oneLine(e.getReason())).toException(e);
    }
  }

  /** How the snapshot is laid out, as {@code snapshot info} shows it. */
  Layout layout();

  /** The next member of {@code source}, which must be of {@code kind} ({@link #expected}). */
  static Member expect(SnapshotSource source, MemberKind kind) {
    return expected(source.next().orElse(null), kind);
  }

  /**
   * {@code member}, which must be of {@code kind}: none where one must come is {@code
   * Cannot_read} of its kind ({@code Missing_target_block} for {@code block_data}); another in its
   * place, {@code Invalid_snapshot_member}.
   */
  static Member expected(Member member, MemberKind kind) {
    if (member == null) {
      if (kind == MemberKind.BLOCK_DATA) {
        throw new SnapshotError.MissingTargetBlock("the snapshot ends before block_data")
            .toException();
      }
      throw new SnapshotError.CannotRead(partOf(kind), "the snapshot ends before "
          + kind.memberName()).toException();
    }
    if (member.name().kind() != kind) {
      throw new SnapshotError.InvalidSnapshotMember(member.name().path(), "found where "
          + kind.memberName() + " must come").toException();
    }
    return member;
  }

  /** The {@code Cannot_read} kind that reading a member of {@code kind} fails with. */
  static SnapshotError.Part partOf(MemberKind kind) {
    return switch (kind) {
      case VERSION -> SnapshotError.Part.VERSION;
      case METADATA -> SnapshotError.Part.METADATA;
      case PROTOCOL_LEVELS -> SnapshotError.Part.PROTOCOL_TABLE;
      case PROTOCOL -> SnapshotError.Part.PROTOCOL;
      case BLOCK_DATA -> SnapshotError.Part.BLOCK_DATA;
      case CONTEXT -> SnapshotError.Part.CONTEXT;
      case FLOATING_BLOCKS -> SnapshotError.Part.FLOATING_BLOCKS;
      case CEMENTED -> SnapshotError.Part.CEMENTED_CYCLE;
      case L2_LEVELS -> SnapshotError.Part.L2_LEVELS;
    };
  }
}
