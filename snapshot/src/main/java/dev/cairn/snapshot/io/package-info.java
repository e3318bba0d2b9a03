/**
 * The two layouts, Raw (a directory) and Tar (optionally one zstd frame around it). Sinks write
 * to a staged path in the export's staging directory and rename it on commit; closing without
 * commit removes it. Sources return
 * members one by one, in one pass, each checked: a plain file, a name on the allow-list, in
 * canonical order, no repeat; bounded to its declared size; a decompression bomb refused.
 */
package dev.cairn.snapshot.io;
