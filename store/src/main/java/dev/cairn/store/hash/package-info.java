/**
 * Tezos hashes: Blake2b digests, base58check text, and one value type per kind of hash.
 *
 * <p>Every hash is Blake2b-256 unless its kind says otherwise (a chain id is 4 bytes of one, a
 * public key hash is Blake2b-160, keys and signatures are carried, not computed). {@link
 * dev.cairn.store.hash.HashKind} holds each kind's base58check prefix and payload length, as Octez
 * fixes them; the records ({@link dev.cairn.store.hash.BlockHash} and its siblings) keep kinds from
 * being mixed up at compile time. Decoding text checks, in this order, the alphabet, the checksum,
 * the prefix and the length, and fails with a typed {@code Invalid_hash_encoding} naming which.
 * One kind is a secret, an Ed25519 secret key's 32-byte seed ({@code edsk…}, 54 characters): it
 * has no record here, whose text would be its {@code toString()}; {@code HashKind.decodeSecret}
 * says what is wrong with such text without keeping or showing it, and the validator's {@code
 * SigningKey} holds the secret.
 * {@link dev.cairn.store.hash.OperationsMerkle} is Octez's Merkle tree of operation hashes.
 *
 * <p>{@link dev.cairn.store.hash.Blake2b} is the one way in to Blake2b. It picks an engine at
 * start-up: libsodium's (through jnr-ffi, about twice as fast on bulk input) when the library
 * loads and gives the known answers (RFC 7693's vectors, streaming, and a long input against Bouncy
 * Castle), Bouncy Castle's otherwise; small streaming input is gathered and hashed in one call.
 */
package dev.cairn.store.hash;
