/**
 * The validator: what ties the store's blocks to the context's states.
 *
 * <p>So far it holds {@link dev.cairn.validator.ContextRetention}, the rule that decides which
 * context commits a store keeps, from its history mode's savepoint (DESIGN §4 and §5), and the
 * building blocks of the testnet protocols: Ed25519 keys and watermarked signatures ({@code
 * crypto}), protocol files ({@code protocol}) and the reveal and transaction operations ({@code
 * operation}). Block application (DESIGN §6) comes with the validator issue.
 */
package dev.cairn.validator;
