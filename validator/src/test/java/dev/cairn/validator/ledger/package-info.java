/** Tests of the testnet state layout and parameters. */
package dev.cairn.validator.ledger;
