/**
 * The base of Cairn's typed errors, shared by every module.
 *
 * <p>Each boundary owns one sealed family of error records implementing {@link
 * dev.cairn.error.CairnError}, in its own package ({@code StoreError} in {@code dev.cairn.store},
 * {@code ContextError}, {@code ValidationError}, {@code SnapshotError}, ...); an error travels
 * inside a {@link dev.cairn.error.CairnException}. The command line prints {@code cairn: <name>:
 * <details>} and exits 1, so names are stable and taken from Octez where Octez has one (DESIGN
 * section 10), and each name comes from exactly one record. {@link dev.cairn.error.ResourceError}
 * is the family of the machine's resources ({@code No_space_left}), which every module's
 * input/output failures turn into; {@link dev.cairn.error.CauseText} tells a lower-level cause in
 * one line of our words, so that no library's text or Java class name reaches the user.
 */
package dev.cairn.error;
