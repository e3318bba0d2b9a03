/**
 * Import: the checks of DESIGN §9 in order, as the members stream past ({@code
 * SnapshotImporter}, {@code ProtocolChecks}, {@code ImportedBlocks}), building a staging data
 * directory through the store's {@code DataDirStaging} (which lands it atomically and recovers
 * after a crash), the context through the {@code Context} contract, and the blocks through the
 * store's {@code StoreImport}, whose typed results per cemented file this package checks for the
 * chain across files.
 */
package dev.cairn.snapshot.importing;
