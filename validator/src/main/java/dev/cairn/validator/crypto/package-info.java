/**
 * Ed25519 for the testnet protocols, through Bouncy Castle: keys derived from a testnet's seed,
 * and Tezos-style signatures.
 *
 * <p>As in Tezos, what is signed is the Blake2b-256 digest of a watermark followed by the bytes:
 * {@code 0x01 · chain id} for a block header, {@code 0x03} for an operation. The watermark keeps a
 * signature made for one purpose (or one chain) from being replayed for another.
 */
package dev.cairn.validator.crypto;
