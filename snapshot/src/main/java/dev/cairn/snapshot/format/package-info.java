/**
 * The snapshot's members and their encodings: the allow-list of names and their canonical order
 * ({@code MemberName}, {@code MemberOrder}), {@code metadata.json} and the version
 * ({@code SnapshotMetadata}), {@code block_data} ({@code BlockData}) and {@code floating_blocks}
 * ({@code FloatingBlocks}). Readers check every length against what remains before allocating,
 * and fail with {@code Cannot_read} of the member's kind.
 *
 * <p>And the manifest beside a snapshot (DESIGN §14): {@code SnapshotManifest} (what it says),
 * {@code SignedManifest} (the file: the signed object's exact bytes, found by position, and the
 * Ed25519 signatures over them under the manifest watermark), and {@code TrustPolicy} (whom an
 * operator trusts, checked before a snapshot's first byte is read).
 */
package dev.cairn.snapshot.format;
