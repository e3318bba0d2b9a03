/**
 * Where a chain's store stands and how it is configured: history modes, markers, the protocol
 * levels table and the node's {@code config.json}.
 *
 * <p>These are values. Their files are written by the store through {@code DataDir}, atomically.
 */
package dev.cairn.store.chain;
