/** Tests of testnet keys and Tezos-style signatures. */
package dev.cairn.validator.crypto;
