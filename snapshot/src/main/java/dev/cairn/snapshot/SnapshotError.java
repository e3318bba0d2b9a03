package dev.cairn.snapshot;

import dev.cairn.error.CairnError;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.error.ResourceError;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The typed errors of snapshot export, import, verify and info (DESIGN §10, and §18 for the
 * manifest's: {@code Invalid_manifest}, {@code Digest_mismatch}, {@code Missing_part}, {@code
 * Untrusted_snapshot}, {@code Invalid_signature}; {@code Invalid_key} is the validator's). Each
 * record's {@link #name()}
 * is stable: scripts match on it, and each name comes from one record. Besides these, an export
 * or import lets through the lower boundaries' own records where they say it all: the store's
 * ({@code Directory_already_exists}, {@code Data_dir_locked}, a failing disk), the context's
 * ({@code Inconsistent_context}, {@code Inconsistent_context_hash}), the protocols' ({@code
 * Cannot_decode_protocol}), and {@code Interrupted}.
 */
public sealed interface SnapshotError extends CairnError {

  /** Why a block cannot be exported [Octez]. */
  enum ExportRefusal {
    UNKNOWN, GENESIS, CABOOSE, PRUNED, PRUNED_PRED, NOT_ENOUGH_PRED,
    /** An incremental's block does not descend from its parent's on this node's chain. */
    PARENT_NOT_ANCESTOR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What {@code Cannot_read} could not read. */
  enum Part {
    VERSION, METADATA, BLOCK_DATA, CONTEXT, PROTOCOL_TABLE, PROTOCOL, CEMENTED_CYCLE,
    FLOATING_BLOCKS, L2_LEVELS;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How an incremental snapshot and its parent fail to fit together (DESIGN §16). */
  enum ParentFault {
    /** The parent's manifest is not the one whose SHA-256 the child recorded. */
    DIGEST,
    /** The parent is of another block than the one the child was made against: another base. */
    BLOCK,
    /** The parent is not below the child: incrementals out of order. */
    ORDER,
    /** Following parents comes back to a snapshot already followed. */
    CYCLE,
    /** The parent is of another chain or mode than the child. */
    CHAIN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record MissingParent(String snapshot, BlockHash parent, String lookedAt)
      implements SnapshotError {
    public String name() { return "Missing_parent"; }
    public String details() {
      return snapshot + " is incremental on " + parent + ", whose manifest is not at "
          + lookedAt;
    }
  }

  record InconsistentParent(String snapshot, ParentFault fault, String explanation)
      implements SnapshotError {
    public String name() { return "Inconsistent_parent"; }
    public String details() { return fault.label() + ": " + snapshot + ": " + explanation; }
  }

  record InvalidExportBlock(String block, ExportRefusal reason, String explanation)
      implements SnapshotError {
    public String name() { return "Invalid_export_block"; }
    public String details() {
      return reason.label() + ": " + block + " " + explanation;
    }
  }

  record IncompatibleHistoryMode(String storeMode, String requested) implements SnapshotError {
    public String name() { return "Incompatible_history_mode"; }
    public String details() {
      return "a " + storeMode + " store cannot make a " + requested + " export; export a "
          + "rolling snapshot instead (--rolling)";
    }
  }

  record InvalidExportPath(String path, String reason) implements SnapshotError {
    public String name() { return "Invalid_export_path"; }
    public String details() { return path + ": " + reason; }
  }

  record SnapshotFileNotFound(String path) implements SnapshotError {
    public String name() { return "Snapshot_file_not_found"; }
    public String details() { return path + ": no such file or directory"; }
  }

  /** Something that exists but is no snapshot: empty, another kind of file, not a path. */
  record NotASnapshot(String path, String what) implements SnapshotError {
    public String name() { return "Not_a_snapshot"; }
    public String details() { return path + ": " + what; }
  }

  record InconsistentVersionImport(String found, int supported) implements SnapshotError {
    public String name() { return "Inconsistent_version_import"; }
    public String details() {
      return "snapshot version " + found + " is not supported (this node reads version "
          + supported + ")";
    }
  }

  record InconsistentChainImport(String snapshot, String node) implements SnapshotError {
    public String name() { return "Inconsistent_chain_import"; }
    public String details() {
      return "the snapshot is of " + snapshot + ", the data directory's config.json of " + node;
    }
  }

  record InconsistentHistoryModeImport(String snapshot, String node) implements SnapshotError {
    public String name() { return "Inconsistent_history_mode_import"; }
    public String details() {
      return "the snapshot is " + snapshot + ", the data directory's config.json says " + node;
    }
  }


  record CannotRead(Part part, String reason) implements SnapshotError {
    public String name() { return "Cannot_read"; }
    public String details() { return part.label() + ": " + reason; }
  }

  record InvalidSnapshotMember(String member, String reason) implements SnapshotError {
    public String name() { return "Invalid_snapshot_member"; }
    public String details() { return "'" + member + "': " + reason; }
  }

  record InvalidProtocolFile(String member, String reason) implements SnapshotError {
    public String name() { return "Invalid_protocol_file"; }
    public String details() { return member + ": " + reason; }
  }

  record InconsistentProtocolHash(ProtocolHash named, ProtocolHash computed) implements SnapshotError {
    public String name() { return "Inconsistent_protocol_hash"; }
    public String details() {
      return "protocol file " + named + " hashes to " + computed;
    }
  }


  record InconsistentImportedBlock(String found, String expected) implements SnapshotError {
    public String name() { return "Inconsistent_imported_block"; }
    public String details() {
      return "the snapshot's block is " + found + ", expected " + expected;
    }
  }



  record TargetBlockValidationFailed(BlockHash block, int level, String cause)
      implements SnapshotError {
    public String name() { return "Target_block_validation_failed"; }
    public String details() { return block + " at level " + level + ": " + cause; }
  }

  record InvalidCementedFile(String file, String reason) implements SnapshotError {
    public String name() { return "Invalid_cemented_file"; }
    public String details() { return file + ": " + reason; }
  }

  record MissingCementedFile(String range) implements SnapshotError {
    public String name() { return "Missing_cemented_file"; }
    public String details() { return "no cemented file for levels " + range; }
  }

  record CorruptedFloatingStore(String reason) implements SnapshotError {
    public String name() { return "Corrupted_floating_store"; }
    public String details() { return reason; }
  }

  record InconsistentFloatingStore(String reason) implements SnapshotError {
    public String name() { return "Inconsistent_floating_store"; }
    public String details() { return reason; }
  }

  record MissingTargetBlock(String reason) implements SnapshotError {
    public String name() { return "Missing_target_block"; }
    public String details() { return reason; }
  }

  /** A manifest that cannot be read or does not describe its snapshot (DESIGN §14). */
  record InvalidManifest(String manifest, String reason) implements SnapshotError {
    public String name() { return "Invalid_manifest"; }
    public String details() { return manifest + ": " + reason; }
  }

  /**
   * Bytes whose size or SHA-256 is not the manifest's: {@code what} names the part, the member
   * file or the snapshot; {@code expected} and {@code found} are sizes or hex digests.
   */
  record DigestMismatch(String what, String expected, String found) implements SnapshotError {
    public String name() { return "Digest_mismatch"; }
    public String details() { return what + ": expected " + expected + ", got " + found; }
  }

  /** A part the manifest lists that is not beside it, or not a plain file. */
  record MissingPart(String part, String reason) implements SnapshotError {
    public String name() { return "Missing_part"; }
    public String details() { return part + ": " + reason; }
  }

  /**
   * Trusted keys were given and the snapshot does not carry enough valid signatures by them:
   * refused before anything is written.
   */
  record UntrustedSnapshot(String source, String reason) implements SnapshotError {
    public String name() { return "Untrusted_snapshot"; }
    public String details() { return source + ": " + reason; }
  }

  /** A manifest signature that does not verify, whoever made it. */
  record InvalidSignature(String manifest, String publicKey) implements SnapshotError {
    public String name() { return "Invalid_signature"; }
    public String details() {
      return manifest + ": the signature by " + publicKey + " does not verify: the manifest "
          + "was changed after it was signed, or the signature is not of it";
    }
  }

  /** Writing the snapshot or the imported data directory failed (disk full, permissions). */
  record SnapshotIoFailure(Path path, String operation, String reason) implements SnapshotError {

    /** The typed error for {@code cause}, ready to throw. */
    public static CairnException of(Path path, String operation, IOException cause) {
      if (ResourceError.isNoSpace(cause)) {
        return ResourceError.noSpaceAt(path, cause);
      }
      return new SnapshotIoFailure(path, operation, CauseText.of(cause))
          .toException(cause);
    }

    public String name() { return "Snapshot_io_failure"; }
    public String details() { return "cannot " + operation + " " + path + ": " + reason; }
  }
}
