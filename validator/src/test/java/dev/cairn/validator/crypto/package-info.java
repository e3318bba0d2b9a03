/** Tests of keys (testnet keys, secret keys and key files) and Tezos-style signatures. */
package dev.cairn.validator.crypto;
