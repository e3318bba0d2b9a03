/**
 * Protocol files: the canonical bytes of a protocol descriptor (name, environment version,
 * constants), whose Blake2b-256 is the protocol hash ({@code P…}, DESIGN §6). Snapshots carry
 * them as {@code protocols/<P…>}, so decoding them is hostile-input work: every bound is checked
 * and a failure is a typed {@code Cannot_decode_protocol}.
 *
 * <pre>
 * u8 n · name (n bytes of ASCII, 1 ≤ n ≤ 64)
 * u16 environment version
 * u8 k · k × (u8 m · key (m bytes of ASCII, 1 ≤ m ≤ 64) · i64 value)   keys strictly ascending
 * </pre>
 */
package dev.cairn.validator.protocol;
