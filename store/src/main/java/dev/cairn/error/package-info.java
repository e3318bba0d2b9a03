/**
 * Typed errors, shared by every module of Cairn.
 *
 * <p>Each boundary (store, context, validator, snapshot) owns one sealed family of error records
 * implementing {@link dev.cairn.error.CairnError}; an error travels inside a {@link
 * dev.cairn.error.CairnException}. The command line prints {@code cairn: <name>: <details>} and
 * exits 1, so names are stable and taken from Octez where Octez has one (DESIGN section 10). The
 * store's own family, {@link dev.cairn.error.StoreError}, lives here because the hash, encoding and
 * block packages of the store all raise it, and a sealed family must share one package.
 */
package dev.cairn.error;
