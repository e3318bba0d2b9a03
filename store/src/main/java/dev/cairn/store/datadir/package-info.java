/**
 * The data directory: the one owner of its paths, its lifecycle, its lock, its config, and atomic
 * file writes.
 *
 * <p>{@link dev.cairn.store.datadir.DataDir} names every path in a data directory (DESIGN section
 * 2) and beside it (an import's staging and aside directories, a pinned reader's links, an
 * export's spool, a generated testnet's staging); no other class builds one, and {@code
 * ArchitectureTest} keeps it so. A writer holds {@link dev.cairn.store.datadir.DataDirLock}, an
 * OS file lock on {@code lock}, so a second writer is refused with {@code Data_dir_locked};
 * readers take no lock. {@link dev.cairn.store.datadir.DataDirStaging} replaces a data directory
 * whole (the bare-directory rule, staging, landing by rename, putting the old one back, recovery
 * of an interrupted import). Staging, pin and spool directories are {@link
 * dev.cairn.store.datadir.OwnedDirectory owned} through an OS lock too, so a dead owner's
 * directory is told from a live one without trusting a pid. {@link
 * dev.cairn.store.datadir.AtomicFile} is how every state change reaches disk, as Kafka's snapshot
 * writer does it: write {@code <name>.part}, fsync, rename atomically over the target, fsync the
 * directory; closing without {@code commit()} deletes the part file ({@code createNew}: a file
 * that replaces nothing, its part created new with exactly the permissions asked for, as a secret
 * key file needs). {@link
 * dev.cairn.store.datadir.FileTree} is the one recursive delete, and {@link
 * dev.cairn.store.datadir.FileSystemSync} makes many new files durable at once; {@link
 * dev.cairn.store.datadir.DeferredSync} defers every sync under a directory that only counts as a
 * whole (a generated testnet's {@code .part}) to one sync at its end. A path a user
 * gives is checked once ({@code DataDir.ofUserPath}); {@link
 * dev.cairn.store.datadir.DataDirContents} judges what a directory holds by name and type (bare,
 * a node's, or someone else's files), so that {@code --force} replaces only a node; {@link
 * dev.cairn.store.datadir.NativeFiles} reaches the C library for what Java lacks (reserving a
 * file's space before it is mapped, opening a file without blocking and checking what was opened),
 * bound on first use: binding costs about 0.2 s, which a command that needs none does not pay.
 */
package dev.cairn.store.datadir;
