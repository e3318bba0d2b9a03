/**
 * The reference model of the context contract: whole states as sorted maps of paths, and their
 * objects built from scratch by {@link dev.cairn.context.model.CanonicalShape}, with none of the
 * incremental machinery of the LMDB context. The contract tests hold both to the same answers.
 */
package dev.cairn.context.model;
