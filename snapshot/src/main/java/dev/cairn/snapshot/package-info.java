/**
 * Snapshots (DESIGN §7–12): {@code export.SnapshotExporter} writes one block's state, {@code
 * importing.SnapshotImporter} bootstraps a data directory from it, {@link
 * dev.cairn.snapshot.SnapshotInfo} reads its header. {@code format} owns the members' encodings,
 * {@code io} the Raw and Tar layouts (reading hostile archives safely, writing atomically).
 * {@link dev.cairn.snapshot.SnapshotError} is the one family of errors this boundary raises.
 * docs/FORMAT.md specifies the format for other implementations.
 */
package dev.cairn.snapshot;
