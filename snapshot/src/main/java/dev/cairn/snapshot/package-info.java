/**
 * Snapshots (DESIGN §7–12): {@code export.SnapshotExporter} writes one block's state, {@code
 * importing.SnapshotImporter} bootstraps a data directory from it, {@code
 * verify.SnapshotVerifier} makes every check of an import without a data directory, {@link
 * dev.cairn.snapshot.SnapshotInfo} reads its header. {@code format} owns the members' encodings
 * and the manifest, {@code io} the Raw and Tar layouts, parts and digests (reading hostile
 * archives safely, writing atomically), {@code remote} HTTP(S) and S3, {@code chain} the chains of
 * incremental snapshots (DESIGN §16) and {@code catalog} a directory of snapshots (list,
 * prune).
 * {@link dev.cairn.snapshot.SnapshotError} is this boundary's family of errors; the lower
 * boundaries' records pass through where they say it all (see its comment). The data directory's
 * layout and lifecycle are the store's ({@code store.datadir}); the context is used through its
 * contract only. docs/FORMAT.md specifies the format for other implementations.
 */
package dev.cairn.snapshot;
