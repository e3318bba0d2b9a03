/**
 * The working tree: a copy-on-write view of one state over stored objects.
 *
 * <p>A {@link dev.cairn.context.tree.WorkingTree} loads objects only as paths reach them and keeps
 * the rest as hashes, so an unchanged subtree is shared with the commit it came from, never
 * copied. A directory is held in its canonical shape ({@link dev.cairn.context.tree.Shape}): a leaf
 * of at most 32 entries, or an inode of 32 buckets that splits and collapses as entries come and
 * go, so the hash depends only on the contents. Each change marks the shapes on its path dirty;
 * {@link dev.cairn.context.tree.WorkingTree#commit} re-encodes only those, bottom-up, and hands the
 * new objects to an {@link dev.cairn.context.tree.ObjectSink} to be written in one transaction.
 * The tree then drops what it loaded and continues from the new root, so memory stays bounded by
 * what one commit touches.
 */
package dev.cairn.context.tree;
