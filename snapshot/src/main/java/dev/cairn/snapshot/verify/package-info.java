/**
 * {@code cairn snapshot verify}: every check an import makes (DESIGN §9), and the manifest's
 * digests and signatures (§14), without a data directory: the snapshot is imported into a scratch
 * directory of the verify's own, which is removed at the end, on any failure and on a signal.
 */
package dev.cairn.snapshot.verify;
