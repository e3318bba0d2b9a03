/**
 * The validator: the testnet protocols and what applies a block to its predecessor's context
 * (DESIGN §6).
 *
 * <p>{@link dev.cairn.validator.BlockValidator} applies a block with every rule checked, in a fixed
 * order, each failure its own {@link dev.cairn.validator.ValidationError}; it bakes blocks on the
 * same code path. {@link dev.cairn.validator.ProtocolData}, {@link
 * dev.cairn.validator.BakingRights} and {@link dev.cairn.validator.Receipts} fix the header's
 * protocol data, who bakes, and the metadata; {@code ProtocolSchedule} says which protocol applies a
 * level and runs migrations. Subpackages: {@code crypto} (testnet keys, watermarked Ed25519),
 * {@code protocol} (protocol files and the protocols this node implements), {@code operation}
 * (reveal and transaction), {@code ledger} (the state's layout in the context), {@code chain} (the
 * node's write path, context retention and the data directory check). docs/TESTNET.md has the
 * whole picture.
 */
package dev.cairn.validator;
