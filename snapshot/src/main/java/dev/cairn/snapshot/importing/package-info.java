/**
 * Import: the checks of DESIGN §9 in order, as the members stream past ({@code
 * SnapshotImporter}, {@code ProtocolChecks}, {@code ImportedBlocks}), building a staging data
 * directory that lands atomically, with recovery after a crash ({@code ImportStaging}).
 */
package dev.cairn.snapshot.importing;
