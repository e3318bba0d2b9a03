/**
 * The arith PVM (Octez's {@code sc_rollup_arith}): a stack machine whose whole state is a Merkle
 * tree in a context, advanced one tick at a time.
 *
 * <p>A message is the boot sector followed by the payload. {@link
 * dev.cairn.validator.rollup.arith.ArithPvm#setInput} (one tick) starts parsing it; each {@link
 * dev.cairn.validator.rollup.arith.ArithPvm#eval} (one tick) then lexes one character (or emits
 * one instruction), or evaluates one instruction: an integer literal pushes it, {@code +} pops two
 * and pushes their sum, an identifier stores the top of the stack into that variable ({@code out}
 * writes it to the outbox instead). Parsing ends at the message's end (success) or at a character
 * the grammar does not allow (failure: what was parsed so far is still evaluated, as in Octez);
 * evaluation ends when the code is exhausted (success) or when an instruction lacks operands
 * (failure). Either way the machine waits for the next message.
 *
 * <p>Where Octez's machine becomes stuck (an integer that does not fit its encoding), Cairn's
 * refuses cleanly: values are 64-bit, a literal that does not fit fails the parse, a sum that
 * overflows fails the evaluation. The state's layout in the tree and the encodings are in
 * docs/ROLLUPS.md; the state hash is the hash of the state's canonical commit ({@link
 * dev.cairn.validator.rollup.arith.ArithPvm#CANONICAL}), so equal states have equal hashes.
 */
package dev.cairn.validator.rollup.arith;
