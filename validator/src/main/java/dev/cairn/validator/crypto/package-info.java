/**
 * Ed25519 keys and Tezos-style signatures, through Bouncy Castle: the testnets' derived keys, the
 * secret keys that sign snapshot manifests, and their key files.
 *
 * <p>As in Tezos, what is signed is the Blake2b-256 digest of a watermark followed by the bytes:
 * {@code 0x01 · chain id} for a block header, {@code 0x03} for an operation, and for a snapshot
 * manifest the text {@code Cairn snapshot manifest v1} and a zero byte, which no Tezos watermark
 * begins with. The watermark keeps a signature made for one purpose (or one chain) from being
 * replayed for another. {@link dev.cairn.validator.crypto.SigningKey} signs ({@link
 * dev.cairn.validator.crypto.TestnetKey} is one derived from a testnet's seed) and {@link
 * dev.cairn.validator.crypto.Signatures} verifies, over the one digest both compute there.
 *
 * <p>A secret key is written {@code edsk…} (the 32-byte seed, as Octez writes an unencrypted
 * Ed25519 key) and kept in a {@link dev.cairn.validator.crypto.KeyFile}: one line, mode 0600,
 * created so from its first byte, refused when others may read it, as ssh refuses a private key.
 * Nothing here prints a secret: not a key's {@code toString()}, not an error about malformed key
 * text, which says what is wrong with it ({@code Invalid_key}) and never what it is.
 */
package dev.cairn.validator.crypto;
