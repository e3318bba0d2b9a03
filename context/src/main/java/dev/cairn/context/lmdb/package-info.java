/**
 * The node's context on LMDB: {@link dev.cairn.context.lmdb.LmdbContext}.
 *
 * <ul>
 *   <li><b>Storage.</b> One LMDB database, {@code objects}: key = the object's 32-byte hash, value =
 *       its canonical encoding. A commit's objects are written in one write transaction, so a commit
 *       is visible whole or not at all. Values are read through LMDB's zero-copy {@code ByteBuffer}
 *       proxy (it needs the {@code --add-opens} flags the launcher passes); measured in
 *       {@code docs/BENCHMARKS.md} against the byte-array proxy.
 *   <li><b>Walks.</b> {@link dev.cairn.context.lmdb.ObjectWalk} visits a commit's objects depth
 *       first, children before parents, with an explicit stack (no recursion, whatever the depth),
 *       and remembers what it has visited in a {@link dev.cairn.context.lmdb.VisitedSet}. For large
 *       walks that set is a {@link dev.cairn.context.lmdb.MappedHashTable}: an open-addressing table
 *       of hashes in a memory-mapped scratch file, so the heap stays bounded whatever the number of
 *       objects. (A first version kept the set in a throw-away LMDB environment; at a million
 *       accounts its random inserts were most of a dump's time. See {@code docs/BENCHMARKS.md}.)
 *   <li><b>Dump.</b> One walk under one read transaction (a consistent view beside a writer)
 *       writes the framed objects to a spool file, so the count and length are known before the
 *       dump is written ({@link dev.cairn.context.lmdb.DumpFormat}), as a tar header needs.
 *   <li><b>Restore.</b> {@link dev.cairn.context.lmdb.ContextRestore} builds a fresh environment
 *       from a dump: a reader thread hashes and decodes, the caller's thread checks each object
 *       against the {@link dev.cairn.context.lmdb.ObjectFacts} of its children (in a mapped table)
 *       and sorts the objects into {@link dev.cairn.context.lmdb.SortedRuns}; only when all is
 *       checked, including the final hash, are they merged into LMDB in key order. On any failure
 *       the directory is deleted.
 *   <li><b>Deltas</b> (incremental snapshots, DESIGN §16). {@code reachable} walks a parent commit
 *       into a mapped set; a delta's walk treats every object of that set as visited, so it never
 *       enters a subtree the parent holds and emits exactly the set difference, in the dump's
 *       order. {@link dev.cairn.context.lmdb.ContextRestore#apply} checks a delta as a restore
 *       does, looking a child up among the held objects when the delta did not bring it, refusing
 *       an object already held, and merging the sorted objects among the held ones.
 *   <li><b>GC.</b> {@link dev.cairn.context.lmdb.GarbageCollector} marks what the kept commits reach
 *       into a mapped set, then deletes the rest in batches of transactions. It never deletes a
 *       reachable object, so a GC killed at any point leaves every kept commit whole.
 * </ul>
 */
package dev.cairn.context.lmdb;
