/** Contract tests of the context, run against LMDB and the in-memory model, and hostile dumps. */
package dev.cairn.context;
