/** Tests of the LMDB context's internals: crash safety of GC, and the scratch set. */
package dev.cairn.context.lmdb;
