/**
 * The node's chain: {@link dev.cairn.validator.chain.ChainWriter} applies and bakes blocks into a
 * data directory's store and context together, in an order that survives a crash, and collects
 * the context as {@link dev.cairn.validator.chain.GcPolicy} says; {@link
 * dev.cairn.validator.chain.ChainCheck} verifies a data directory, and can replay its blocks.
 */
package dev.cairn.validator.chain;
