/**
 * Incremental snapshots' chains (DESIGN §16; the format in {@code docs/FORMAT.md}).
 *
 * <p>An incremental snapshot of block B1 names its parent (a snapshot of an ancestor B0) by block
 * and by the SHA-256 of the parent manifest's signed bytes. {@link
 * dev.cairn.snapshot.chain.SnapshotChain} follows those links from a manifest down to a base and
 * checks each. {@link dev.cairn.snapshot.chain.ChainAssembler} reads the chain once, base first,
 * and writes the one ordinary snapshot of B1 that a direct export gives: the context rebuilt from
 * the base's dump and each delta (verified as a restore is, the set difference exact), the
 * blocks and cemented files the union of the chain holds. {@link
 * dev.cairn.snapshot.chain.ChainImport} imports that with every check of an ordinary import; the
 * export package's {@code SnapshotSquasher} writes it out in any format. So an import of a chain
 * equals a direct import, and a squash equals a direct export, by construction, and the tests
 * check both on every layout and mode.
 */
package dev.cairn.snapshot.chain;
