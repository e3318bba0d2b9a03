/**
 * The context: the node's state as content-addressed Merkle trees (DESIGN §5).
 *
 * <p>{@link dev.cairn.context.Context} is the contract: check out a commit into a {@link
 * dev.cairn.context.ContextTree}, read and change paths, commit; collect garbage; dump one commit.
 * {@link dev.cairn.context.lmdb.LmdbContext} keeps it on LMDB; the tests keep a small in-memory
 * model to the same contract. Objects and their encodings are in {@code object}, the working tree
 * in {@code tree}, storage, dump, restore and GC in {@code lmdb}. Errors are {@link
 * dev.cairn.context.ContextError}s.
 */
package dev.cairn.context;
