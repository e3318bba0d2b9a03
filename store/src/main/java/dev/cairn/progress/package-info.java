/**
 * Progress of long work, one type for every module: {@link dev.cairn.progress.Progress} (phases,
 * counts, bytes, a cancellation check) and the {@code Interrupted} error it raises. It lives in
 * the lowest module, beside the error types, so that the store, the context, the validator, the
 * snapshot and the testnet all report through it, and the command line has one adapter to draw
 * it.
 */
package dev.cairn.progress;
