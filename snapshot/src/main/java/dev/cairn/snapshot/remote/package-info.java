/**
 * Remote stores (DESIGN §15): snapshots read from {@code http(s)://} URLs and {@code s3://}
 * objects, and exports written to S3.
 *
 * <p>Every download is a {@link dev.cairn.snapshot.remote.ResumingInput}: ranged requests in
 * windows that grow, resumed from the byte where a transfer stopped, each answer checked against
 * the range asked and the object's identity (length, entity tag, date); the transports ({@code
 * HttpObject} on the JDK's client, {@code S3RemoteObject} on the AWS SDK) only make requests. A
 * single watchdog ({@link dev.cairn.snapshot.remote.Remotes}) drops a stalled or stopped
 * transfer. Uploads ({@link dev.cairn.snapshot.remote.S3Upload}) stream a multipart upload with
 * bounded buffers and abort it on any failure. URLs are shown without query string or user
 * information; credentials come only from the AWS SDK's chain and are never printed.
 */
package dev.cairn.snapshot.remote;
