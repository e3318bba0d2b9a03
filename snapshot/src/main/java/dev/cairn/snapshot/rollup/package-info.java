/**
 * Rollup snapshots (DESIGN §17; docs/ROLLUPS.md): a rollup node's L2 chain and states in the
 * snapshot layouts of L1 snapshots, read through the same sources (files, manifests, HTTP(S),
 * S3) under the same hostile-input rules, described by the same manifest and signatures.
 *
 * <p>Members: {@code snapshot_version.json}, {@code metadata.json} ({@link
 * dev.cairn.snapshot.rollup.RollupSnapshotMetadata}), {@code l2_levels} (the L2 levels from the
 * base up, each with its messages and commitment), {@code context} (a dump of the states: every
 * distinct state from {@code context_from} up for a full snapshot; the base's alone for a
 * compact one). {@link dev.cairn.snapshot.rollup.RollupSnapshotExporter} writes one beside a
 * running node; {@link dev.cairn.snapshot.rollup.RollupSnapshotImporter} restores one, replaying
 * every level above the states it carries through the PVM and checking each state, inbox hash
 * and commitment, and against an L1 data directory when given one.
 */
package dev.cairn.snapshot.rollup;
