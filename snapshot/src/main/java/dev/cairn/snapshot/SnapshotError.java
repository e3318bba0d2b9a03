package dev.cairn.snapshot;

import dev.cairn.error.CairnError;

/**
 * The typed errors of snapshot export, import and info (DESIGN §10). Each record's {@link #name()}
 * is stable: scripts match on it. Nothing else escapes an export or an import of a malformed
 * snapshot, except the lower boundaries' own typed errors for the node's own files (a locked data
 * directory, a failing disk).
 */
public sealed interface SnapshotError extends CairnError {

  /** Why a block cannot be exported [Octez]. */
  enum ExportRefusal {
    UNKNOWN, GENESIS, CABOOSE, PRUNED, PRUNED_PRED, NOT_ENOUGH_PRED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What {@code Cannot_read} could not read. */
  enum Part {
    VERSION, METADATA, BLOCK_DATA, CONTEXT, PROTOCOL_TABLE, PROTOCOL, CEMENTED_CYCLE,
    FLOATING_BLOCKS;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
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
      return "a " + storeMode + " store cannot make a " + requested + " export";
    }
  }

  record InvalidExportPath(String path, String reason) implements SnapshotError {
    public String name() { return "Invalid_export_path"; }
    public String details() { return path + ": " + reason; }
  }

  record SnapshotFileNotFound(String path) implements SnapshotError {
    public String name() { return "Snapshot_file_not_found"; }
    public String details() { return path; }
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

  record DirectoryAlreadyExists(String dataDir, String found) implements SnapshotError {
    public String name() { return "Directory_already_exists"; }
    public String details() {
      return dataDir + " holds " + found + " (import needs it absent, empty or with only "
          + "config.json; --force replaces it, keeping config.json)";
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

  record InconsistentProtocolHash(String named, String computed) implements SnapshotError {
    public String name() { return "Inconsistent_protocol_hash"; }
    public String details() {
      return "protocol file " + named + " hashes to " + computed;
    }
  }

  record CannotDecodeProtocol(String protocol, String reason) implements SnapshotError {
    public String name() { return "Cannot_decode_protocol"; }
    public String details() { return protocol + ": " + reason; }
  }

  record InconsistentImportedBlock(String found, String expected) implements SnapshotError {
    public String name() { return "Inconsistent_imported_block"; }
    public String details() {
      return "the snapshot's block is " + found + ", expected " + expected;
    }
  }

  record InconsistentContext(String reason) implements SnapshotError {
    public String name() { return "Inconsistent_context"; }
    public String details() { return reason; }
  }

  record InconsistentContextHash(String block, String expected, String found)
      implements SnapshotError {
    public String name() { return "Inconsistent_context_hash"; }
    public String details() {
      return block + ": expected context " + expected + ", got " + found;
    }
  }

  record TargetBlockValidationFailed(String block, String cause) implements SnapshotError {
    public String name() { return "Target_block_validation_failed"; }
    public String details() { return block + ": " + cause; }
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

  /** Writing the snapshot or the imported data directory failed (disk full, permissions). */
  record SnapshotIoFailure(String path, String operation, String reason) implements SnapshotError {
    public String name() { return "Snapshot_io_failure"; }
    public String details() { return "cannot " + operation + " " + path + ": " + reason; }
  }
}
