/**
 * The testnet's state in the context: a thin typed view ({@link dev.cairn.validator.ledger.Ledger})
 * over a context tree, and the parameters fixed at genesis.
 *
 * <pre>
 * /parameters                      TestnetParameters, 32 bytes (written at genesis)
 * /protocol                        the protocol hash that applied this state's block
 * /bakers                          n × 20-byte public key hashes (written at activation)
 * /burned                          i64, fees burned so far (from the second protocol on)
 * /migrations/&lt;name&gt;              i32, the level at which a protocol's migration ran
 * /accounts/&lt;pkh hex&gt;/balance      i64
 * /accounts/&lt;pkh hex&gt;/counter      i64, the counter of the account's last operation
 * /accounts/&lt;pkh hex&gt;/key          32-byte Ed25519 public key, once revealed
 * </pre>
 *
 * All numbers are big-endian. Every read checks sizes, as a context may have been crafted.
 */
package dev.cairn.validator.ledger;
