package dev.cairn.snapshot.remote;

import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An object in an S3-compatible store, read by ranged GETs with {@code If-Match} on the entity
 * tag first seen (so a changed object is {@code Source_changed}, status 412). The SDK's own
 * multipart download is not used: it asks by part number, which not every store answers, and it
 * does not resume.
 */
final class S3RemoteObject implements RemoteObject {

  private final S3Client s3;
  private final RemoteLocation.S3 location;

  S3RemoteObject(S3Client s3, RemoteLocation.S3 location) {
    this.s3 = s3;
    this.location = location;
  }

  @Override
  public RemoteLocation location() {
    return location;
  }

  @Override
  public Body get(long first, long last, Optional<Identity> expected) throws IOException {
    GetObjectRequest.Builder request = GetObjectRequest.builder()
        .bucket(location.bucket()).key(location.key());
    if (first > 0 || last >= 0) {
      request.range("bytes=" + first + "-" + (last >= 0 ? Long.toString(last) : ""));
    }
    expected.flatMap(Identity::etag).ifPresent(request::ifMatch);
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(request.build());
    } catch (S3Exception e) {
      throw S3Failures.of(location, e, "read");
    } catch (SdkClientException e) {
      throw S3Failures.transport(e);
    }
    GetObjectResponse response = in.response();
    Optional<String> etag = Optional.ofNullable(response.eTag());
    Optional<String> modified = Optional.ofNullable(response.lastModified())
        .map(Object::toString);
    if (response.sdkHttpResponse().statusCode() == 206) {
      ContentRange range = ContentRange.parse(response.contentRange()).orElse(null);
      if (range == null || range.first() != first || last >= 0 && range.last() > last) {
        in.abort();
        throw new RemoteSourceError.RemoteError(location.display(), 206, "a partial answer "
            + "whose Content-Range is not the range asked").toException();
      }
      return new Body(true, first, range.length(), new Identity(range.total(), etag, modified),
          in, in::abort);
    }
    Long length = response.contentLength();
    if (length == null || length < 0) {
      in.abort();
      throw new RemoteSourceError.RemoteError(location.display(), 200, "the store does not "
          + "say how long the object is").toException();
    }
    return new Body(false, 0, length, new Identity(length, etag, modified), in, in::abort);
  }
}
