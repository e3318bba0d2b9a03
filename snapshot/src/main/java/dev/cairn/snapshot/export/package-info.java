/**
 * Export: which block ({@code BlockId}), what goes in and what is refused ({@code ExportPlan}),
 * and writing it from a pinned view of the store beside a running node ({@code
 * SnapshotExporter}). An incremental export (DESIGN §16) leaves out what its parent's chain holds
 * ({@code IncrementalPlan}), its context a delta against the parent's objects, from this node or
 * rebuilt from the parent's snapshots ({@code ParentContext}). {@code SnapshotSquasher} writes a
 * chain of incrementals out as the one ordinary snapshot of its last block.
 */
package dev.cairn.snapshot.export;
