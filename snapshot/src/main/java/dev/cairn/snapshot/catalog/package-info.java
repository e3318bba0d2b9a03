/**
 * A directory of snapshots as a distributor keeps it (DESIGN §16): {@link
 * dev.cairn.snapshot.catalog.SnapshotCatalog} lists them from their manifests and first members,
 * and {@link dev.cairn.snapshot.catalog.SnapshotPruner} removes the oldest while keeping every
 * base and incremental a kept snapshot depends on, manifests first.
 */
package dev.cairn.snapshot.catalog;
