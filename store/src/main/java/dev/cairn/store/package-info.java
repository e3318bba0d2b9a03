/**
 * The block store (DESIGN section 4): {@link dev.cairn.store.BlockStore} and what it is made of.
 *
 * <p>Recent blocks go to a floating log ({@code FloatingLog}), side branches included. Once a cycle
 * is wholly at or below the checkpoint its canonical blocks are written to an immutable cemented
 * file ({@code CementedCycles}), indexed by hash in LMDB ({@code CementedIndex}), and dropped from
 * the floating log by switching to a new log generation that holds only what lies above. Garbage
 * collection follows the history mode ({@code Retention}). Every change commits by rewriting the
 * markers file ({@code StoreState}) atomically after the files it names are durable, so a crash at
 * any point leaves either the old or the new state, and opening for writing removes what the
 * interrupted change left behind. {@code StoreCheck} verifies a store end to end.
 */
package dev.cairn.store;
