/**
 * The smart rollup node (DESIGN §17; docs/ROLLUPS.md).
 *
 * <p>{@link dev.cairn.rollup.RollupNode} follows an L1 data directory, read-only and beside its
 * node: for each final L1 level (at or below L1's checkpoint) it reads the rollup's inbox messages
 * from the level's block, runs them through the arith PVM ({@link dev.cairn.rollup.L2Transition}),
 * commits the new state in its own context, and appends an {@link dev.cairn.rollup.L2Level} (the
 * L2 block, its messages, and at each commitment level the commitment) to its {@link
 * dev.cairn.rollup.RollupStore}. Each inbox hash is checked against the one L1 recorded for the
 * level, and each commitment against the one L1's stakers published: a mismatch is a typed {@link
 * dev.cairn.rollup.RollupError} and stops the node.
 *
 * <p>The same transition replays a snapshot's levels on import ({@link
 * dev.cairn.rollup.L2Replay}): one code path makes states, whether from L1 or from a snapshot.
 */
package dev.cairn.rollup;
