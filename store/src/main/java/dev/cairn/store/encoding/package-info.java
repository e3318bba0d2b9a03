/**
 * Binary values and a reader for untrusted bytes.
 *
 * <p>{@link dev.cairn.store.encoding.Bytes} is the immutable byte-sequence value used by every record
 * that carries bytes. {@link dev.cairn.store.encoding.BinaryReader} decodes big-endian Tezos-style
 * encodings from a bounded buffer: every length it reads is checked against what remains (and
 * against a caller's maximum) before anything is allocated, and every failure is a typed {@code
 * Malformed_encoding} error naming the field.
 */
package dev.cairn.store.encoding;
