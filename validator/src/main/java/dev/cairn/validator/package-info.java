/**
 * The validator: what ties the store's blocks to the context's states.
 *
 * <p>So far it holds {@link dev.cairn.validator.ContextRetention}, the rule that decides which
 * context commits a store keeps, from its history mode's savepoint (DESIGN §4 and §5). The testnet
 * protocols and block application of DESIGN §6 come with the validator issue.
 */
package dev.cairn.validator;
