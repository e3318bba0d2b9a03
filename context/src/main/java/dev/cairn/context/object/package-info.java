/**
 * The context's objects and their canonical encoding: what a context hash commits to.
 *
 * <p>Four kinds of object, each encoded with a one-byte tag; an object's hash is the Blake2b-256 of
 * its encoding, and LMDB stores the encoding under that hash, so a dump can copy stored bytes as
 * they are.
 *
 * <pre>
 * blob    01 · data                                     (at most {@link ObjectCodec#MAX_BLOB_BYTES})
 * leaf    02 · u8 n · n × (u8 kind · u8 step length · step (UTF-8) · hash 32)   n ≤ 32, steps ascending
 * inode   03 · u8 depth · depth × u8 bucket · u64 count · u32 bitmap · popcount(bitmap) × hash 32
 * commit  04 · root hash 32 · u8 p · p × parent hash 32 · i64 timestamp · u16 length · message (UTF-8)
 * </pre>
 *
 * <p>A directory has one canonical shape, a function of its entries only (never of the order they
 * were written in), as Irmin's inodes: a set of at most 32 entries is a {@link
 * ContextObject.Leaf}; a larger set at depth {@code d} is an {@link ContextObject.Inode} whose
 * bucket {@code i} holds the entries whose step's {@link StepIndex} at depth {@code d} is {@code i},
 * each bucket shaped the same way at depth {@code d + 1}. An inode records its depth and the
 * buckets that lead to it (its prefix) and the number of entries below it, so a restore can check
 * each object's place locally, from its children alone. Steps are compared as UTF-8 bytes
 * (equivalently, by code point).
 */
package dev.cairn.context.object;
