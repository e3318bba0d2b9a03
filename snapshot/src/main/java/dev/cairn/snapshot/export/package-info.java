/**
 * Export: which block ({@code BlockId}), what goes in and what is refused ({@code ExportPlan}),
 * and writing it from a pinned view of the store beside a running node ({@code
 * SnapshotExporter}).
 */
package dev.cairn.snapshot.export;
