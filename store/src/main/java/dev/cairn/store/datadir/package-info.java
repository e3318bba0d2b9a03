/**
 * The data directory: the one owner of its paths, its lock, its config, and atomic file writes.
 *
 * <p>{@link dev.cairn.store.datadir.DataDir} knows every path in a data directory (DESIGN section
 * 2); no other class builds one. A writer holds {@link dev.cairn.store.datadir.DataDirLock}, an OS
 * file lock on {@code lock}, so a second writer is refused with {@code Data_dir_locked}; readers take
 * no lock. {@link dev.cairn.store.datadir.AtomicFile} is how every state change reaches disk, as
 * Kafka's snapshot writer does it: write {@code <name>.part}, fsync, rename atomically over the
 * target, fsync the directory; closing without {@code commit()} deletes the part file.
 */
package dev.cairn.store.datadir;
