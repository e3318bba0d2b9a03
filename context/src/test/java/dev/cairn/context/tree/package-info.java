/** Tests of the working tree on its own, over an in-memory object map. */
package dev.cairn.context.tree;
