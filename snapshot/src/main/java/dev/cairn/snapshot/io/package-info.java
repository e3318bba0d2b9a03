/**
 * The two layouts, Raw (a directory) and Tar (optionally one zstd frame around it, optionally cut
 * into parts), and the manifest's files beside them. Sinks write into the export's staging
 * directory, digesting (SHA-256) every byte as it is written ({@code DigestedFiles}, and each Raw
 * member file), and on commit move the snapshot into place, then its manifest, last; closing
 * without commit removes everything. Sources return members one by one, in one pass, each
 * checked: a plain file, a name on the allow-list, in canonical order, no repeat; bounded to its
 * declared size; a decompression bomb refused. Read through a manifest ({@code ManifestSource}),
 * every byte is also checked against its sizes and digests as it passes ({@code DigestedInput},
 * {@code PartsInput}); {@code ManifestFiles} names the files a manifest gives beside itself.
 */
package dev.cairn.snapshot.io;
