package dev.cairn.store;

/** What a read returns: the block alone, or with its metadata when the store still keeps it. */
public enum Fetch {
  /** Hash, header and operations; the metadata is not read. */
  BLOCK,
  /** The block and, if the history mode still keeps it, its metadata. */
  BLOCK_AND_METADATA
}
