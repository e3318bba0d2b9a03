package dev.cairn.snapshot.remote;

import dev.cairn.error.CairnException;
import java.io.IOException;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an S3 failure means, in our words: a status a retry may cure becomes an {@link
 * IOException} (the caller retries), any other a typed error with the status and the S3 error
 * code, never the SDK's message (which may quote the request).
 */
final class S3Failures {

  private S3Failures() {}

  /**
   * {@code e}, raised while trying to {@code operation} {@code location}: thrown as an {@link
   * IOException} if a retry may cure it, else returned as a typed error.
   */
  static RuntimeException of(RemoteLocation location, S3Exception e, String operation)
      throws IOException {
    int status = e.statusCode();
    if (RemoteObject.TransientStatus.covers(status)) {
      throw new RemoteObject.TransientStatus(status);
    }
    String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
        : e.awsErrorDetails().errorCode();
    if (status == 412) {
      return new RemoteSourceError.SourceChanged(location.display(), "its entity tag is no "
          + "longer the one first read").toException(e);
    }
    String meaning = switch (code.isEmpty() ? "" : code.toLowerCase(Locale.ROOT)) {
      case "nosuchkey" -> "no such object";
      case "nosuchbucket" -> "no such bucket";
      case "accessdenied" -> "access refused (check the credentials the AWS SDK finds: "
          + "environment, profile or role)";
      case "invalidaccesskeyid", "signaturedoesnotmatch" -> "the credentials were refused";
      default -> status == 404 ? "no such object"
          : status == 403 ? "access refused" : "could not " + operation + " it";
    };
    CairnException typed = new RemoteSourceError.RemoteError(location.display(), status,
        meaning + (code.isEmpty() ? "" : " (" + printable(code) + ")")).toException(e);
    return typed;
  }

  /** {@code e}, raised while writing {@code location} (after the SDK's own retries). */
  static RuntimeException ofWrite(RemoteLocation location, S3Exception e) {
    try {
      return of(location, e, "write");
    } catch (IOException transientStatus) {
      return new RemoteSourceError.RemoteError(location.display(), e.statusCode(),
          "still failing after the AWS SDK's retries").toException(e);
    }
  }

  /** A failure to reach the store: retryable. */
  static IOException transport(SdkClientException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause instanceof IOException io ? io
        : new IOException("the store could not be reached", e);
  }

  private static String printable(String code) {
    return code.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.')
        && code.length() <= 64 ? code : "?";
  }
}
