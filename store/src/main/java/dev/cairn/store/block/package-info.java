/**
 * Blocks: the Tezos shell header, operations, metadata, and the store's block encoding.
 *
 * <p>{@link dev.cairn.store.block.BlockHeader} is the shell header of DESIGN section 3, encoded
 * exactly as Tezos does (the test vectors hold real headers); a block's hash is Blake2b-256 of that
 * encoding. {@link dev.cairn.store.block.Block} is what the store keeps: hash, header, operations by
 * validation pass, and metadata when the history mode still keeps it. {@link
 * dev.cairn.store.block.BlockCodec} is the one binary form of a block used by floating logs and
 * cemented files alike, decoded with bounds checks because snapshots carry it from strangers.
 */
package dev.cairn.store.block;
