/**
 * The testnet protocols' operations: {@code reveal} (publish the public key of an account, before
 * its first transaction) and {@code transaction} (move tez between accounts), each signed by its
 * source with Ed25519 over Blake2b-256(0x03 · branch · contents), as Tezos manager operations are.
 *
 * <p>A shell operation's data (after its 32-byte branch) is {@code contents · signature (64)}:
 *
 * <pre>
 * reveal       01 · source 20 · fee i64 · counter i64 · public key 32
 * transaction  02 · source 20 · fee i64 · counter i64 · amount i64 · destination 20
 * </pre>
 *
 * Decoding reads operations from blocks that may come from a stranger's snapshot: every length
 * is exact for its tag, and a failure is a typed {@code Undecodable_operation}.
 */
package dev.cairn.validator.operation;
