/**
 * The block store (DESIGN section 4): a {@link dev.cairn.store.BlockWriter} that holds the data
 * directory's lock and changes the store, and {@link dev.cairn.store.BlockReader}s that read it
 * beside the writer; both are {@link dev.cairn.store.BlockView}s, the read half, which is all
 * that export, {@code node info} and {@code store check} depend on.
 *
 * <p>Recent blocks go to a floating log ({@code FloatingLog}), side branches included. Once a cycle
 * is wholly at or below the checkpoint its canonical blocks are written to an immutable cemented
 * file ({@code CementedCycles}), indexed by hash in LMDB ({@code CementedIndex}), and dropped from
 * the floating log by switching to a new log generation that holds only what lies above. Garbage
 * collection follows the history mode ({@code Retention}). Every change commits by rewriting the
 * markers file ({@code StoreState}) atomically after the files it names are durable, so a crash at
 * any point leaves either the old or the new state, and opening for writing removes what the
 * interrupted change left behind. {@code StoreCheck} verifies a store end to end; {@link
 * dev.cairn.store.StoreImport} builds one from a snapshot's parts. Errors are {@link
 * dev.cairn.store.StoreError}s.
 */
package dev.cairn.store;
