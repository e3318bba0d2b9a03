package dev.cairn.store;

import dev.cairn.error.CairnError;
import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.error.ResourceError;
import dev.cairn.store.hash.BlockHash;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Errors raised at the store's boundary: hashes, encodings, blocks, cemented files, the data
 * directory and its lifecycle. Fields are typed where they name a hash, a level or a path.
 */
public sealed interface StoreError extends CairnError {

  /** Why a base58check string was refused. */
  enum HashDecodeFailure {
    NON_ALPHABET_CHARACTER("a character outside the base58 alphabet"),
    BAD_CHECKSUM("the checksum does not match"),
    WRONG_PREFIX("the prefix is not the expected one"),
    WRONG_LENGTH("the payload has the wrong length");

    private final String text;

    HashDecodeFailure(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A base58check string that is not a valid hash of the expected kind. */
  record InvalidHashEncoding(String expectedKind, HashDecodeFailure failure, String input)
      implements StoreError {
    @Override
    public String name() {
      return "Invalid_hash_encoding";
    }

    @Override
    public String details() {
      String shown = input.length() > 80 ? input.substring(0, 80) + "..." : input;
      return "'" + shown + "' is not a " + expectedKind + " hash: " + failure;
    }
  }

  /** Bytes that do not decode as what they should be (truncated, oversized, out of range). */
  record MalformedEncoding(String what, String reason) implements StoreError {
    @Override
    public String name() {
      return "Malformed_encoding";
    }

    @Override
    public String details() {
      return what + ": " + reason;
    }
  }

  /** Another process holds the data directory's lock. */
  record DataDirLocked(Path dataDir, String holder) implements StoreError {
    @Override
    public String name() {
      return "Data_dir_locked";
    }

    @Override
    public String details() {
      return "the data directory " + dataDir + " is in use (" + holder
          + "); stop the process that holds it first";
    }
  }

  /**
   * A directory that is not bare where a bare one is needed (an import's target, DESIGN §9 step
   * 1; a testnet's): {@code found} names what is in it, {@code needed} what would do.
   */
  record DirectoryAlreadyExists(Path dataDir, String found, String needed)
      implements StoreError {
    @Override
    public String name() {
      return "Directory_already_exists";
    }

    @Override
    public String details() {
      return dataDir + " already holds " + found + "; " + needed;
    }
  }

  /** A data directory that holds no store, or a config that cannot be used. */
  record InvalidDataDir(Path dataDir, String reason) implements StoreError {
    @Override
    public String name() {
      return "Invalid_data_dir";
    }

    @Override
    public String details() {
      return dataDir + ": " + reason;
    }
  }

  /** A history mode that does not parse ({@code archive}, {@code full[:N]}, {@code rolling[:N]}). */
  record InvalidHistoryMode(String text) implements StoreError {
    @Override
    public String name() {
      return "Invalid_history_mode";
    }

    @Override
    public String details() {
      return "'" + text + "' is not a history mode (archive, full[:N] or rolling[:N])";
    }
  }

  /** A block the store does not hold (never stored, or pruned); {@code why} it was asked for. */
  record UnknownBlock(BlockHash block, String why) implements StoreError {
    @Override
    public String name() {
      return "Unknown_block";
    }

    @Override
    public String details() {
      return "no block " + block + " in the store (" + why + ")";
    }
  }

  /** A block that cannot be added: unknown predecessor, wrong level, below the checkpoint. */
  record InvalidBlock(BlockHash block, int level, String reason) implements StoreError {
    @Override
    public String name() {
      return "Invalid_block";
    }

    @Override
    public String details() {
      return block + " at level " + level + ": " + reason;
    }
  }

  /**
   * A cemented file of levels {@code [start, end]} whose bytes are not the blocks of those levels:
   * a bad offset table, an entry that does not decode or is of another level, a broken link.
   */
  record CorruptedCementedFile(int start, int end, String reason) implements StoreError {
    @Override
    public String name() {
      return "Corrupted_cemented_file";
    }

    @Override
    public String details() {
      return "cemented file " + start + "_" + end + ": " + reason;
    }
  }

  /** The store on disk contradicts itself: the first fault found, with where it is. */
  record CorruptedStore(String fault) implements StoreError {
    @Override
    public String name() {
      return "Corrupted_store";
    }

    @Override
    public String details() {
      return fault;
    }
  }

  /** A write failed midway; what is on disk is safe, and reopening the store recovers it. */
  record WriteFailed(Path dataDir, String cause) implements StoreError {
    @Override
    public String name() {
      return "Store_write_failed";
    }

    @Override
    public String details() {
      return "an earlier write to " + dataDir + " failed (" + cause
          + "); close and reopen the store, which recovers it";
    }
  }

  /** The operating system refused a read or a write. */
  record StoreIoFailure(Path path, String operation, String message) implements StoreError {

    /** The typed error for {@code cause}, ready to throw. */
    public static CairnException of(Path path, String operation, IOException cause) {
      if (ResourceError.isNoSpace(cause)) {
        return ResourceError.noSpaceAt(path, cause);
      }
      return new StoreIoFailure(path, operation, CauseText.of(cause))
          .toException(cause);
    }

    @Override
    public String name() {
      return "Store_io_failure";
    }

    @Override
    public String details() {
      return "cannot " + operation + " " + path + ": " + message;
    }
  }
}
