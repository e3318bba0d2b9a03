/** Property and fuzz tests of the testnet operations' encoding and signatures. */
package dev.cairn.validator.operation;
