/**
 * The snapshot's members and their encodings: the allow-list of names and their canonical order
 * ({@code MemberName}, {@code MemberOrder}), {@code metadata.json} and the version
 * ({@code SnapshotMetadata}), {@code block_data} ({@code BlockData}) and {@code floating_blocks}
 * ({@code FloatingBlocks}). Readers check every length against what remains before allocating,
 * and fail with {@code Cannot_read} of the member's kind.
 */
package dev.cairn.snapshot.format;
