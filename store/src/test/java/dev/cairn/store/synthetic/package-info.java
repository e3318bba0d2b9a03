/**
 * Synthetic chains: well-formed blocks that no protocol validated, for the store's tests, other
 * modules' tests and the benchmarks (through the store's test-jar; never in {@code cairn.jar}).
 *
 * <p>Hashes, links, levels and operations hashes are right, so a store check passes; contexts,
 * signatures and receipts are random bytes. Each block is a pure function of the seed, its parent
 * and a branch number, so any process can rebuild the same chain. Protocol-valid testnet chains come
 * from {@code testnet-fixtures}, which sits above the validator.
 */
package dev.cairn.store.synthetic;
