package dev.cairn.store.block;

import dev.cairn.store.encoding.Bytes;

/**
 * What applying a block produced: its {@code max_operations_ttl} and the protocol's receipts.
 *
 * <p>The store does not read the receipts; it keeps them while the history mode says so. It does
 * read {@code max_operations_ttl}: a rolling store keeps that many blocks below its savepoint.
 */
public record BlockMetadata(int maxOperationsTtl, Bytes receipts) {

  /** The largest receipts accepted. */
  public static final int MAX_RECEIPTS_BYTES = 8 * 1024 * 1024;

  public BlockMetadata {
    if (maxOperationsTtl < 0) {
      throw new IllegalArgumentException("max_operations_ttl must not be negative");
    }
    if (receipts.length() > MAX_RECEIPTS_BYTES) {
      throw new IllegalArgumentException("receipts larger than " + MAX_RECEIPTS_BYTES + " bytes");
    }
  }
}
