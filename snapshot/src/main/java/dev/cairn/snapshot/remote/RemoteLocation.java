package dev.cairn.snapshot.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a remote snapshot file is: an {@code http(s)://} URL or an {@code s3://bucket/key}. A
 * location knows its siblings ({@link #beside}: a manifest's snapshot and parts are beside it,
 * by plain name) and how it is {@link #display() shown} (never with a query string or user
 * information: those may carry credentials).
 */
public sealed interface RemoteLocation {

  /** The longest URL or S3 URI taken. */
  int MAX_LENGTH = 8192;

  /** The location of the file named {@code plainName} in the same directory or prefix. */
  RemoteLocation beside(String plainName);

  /** The location as messages and progress lines show it. */
  String display();

  /** The last segment of the path or key: the file's own name. */
  String fileName();

  /** Whether {@code source} names a remote location (by its scheme), to be {@link #parse}d. */
  static boolean isRemote(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://")
        || lower.startsWith("s3://");
  }

  /**
   * {@code source} as a location; one that names no file (no host or bucket, no path or key,
   * user information in the URL, characters a URI cannot have) is {@code Source_unreachable}
   * with the reason.
   */
  static RemoteLocation parse(String source) {
    if (source.length() > MAX_LENGTH) {
      throw unreachable(source, "a URL longer than " + MAX_LENGTH + " characters");
    }
    if (source.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      return S3.parse(source);
    }
    return Http.parse(source);
  }

  private static RuntimeException unreachable(String source, String reason) {
    return new RemoteSourceError.SourceUnreachable(Http.withoutSecrets(source), reason)
        .toException();
  }

  /** An object at an HTTP or HTTPS URL. */
  record Http(URI uri) implements RemoteLocation {

    static Http parse(String source) {
      URI uri;
      try {
        uri = new URI(source);
      } catch (URISyntaxException e) {
        throw unreachable(source, "not a URL (" + e.getReason() + ")");
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getRawUserInfo() != null) {
        throw unreachable(source, "a URL with a user name or password in it is not taken "
            + "(it would be seen in the process list); use a pre-signed URL or a server that "
            + "needs none");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw unreachable(source, "no host in the URL");
      }
      String path = uri.getRawPath();
      if (path == null || path.isEmpty() || path.endsWith("/")) {
        throw unreachable(source, "the URL names no file (its path must end with the file's "
            + "name)");
      }
      try {
        // Rebuilt as it was given, the scheme in lower case; never resolved (a path that
        // begins "//" would be taken for a host).
        return new Http(new URI(scheme + "://" + uri.getRawAuthority() + path
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
      } catch (URISyntaxException e) {
        throw unreachable(source, "not a URL");
      }
    }

    @Override
    public Http beside(String plainName) {
      // The name is plain (no separator, no dot segment): percent-encoded, it replaces the last
      // segment; the query string, which signed only the file given, is not carried over.
      String path = uri.getRawPath();
      String directory = path.substring(0, path.lastIndexOf('/') + 1);
      return new Http(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + directory
          + PercentEncoding.segment(plainName)));
    }

    @Override
    public String display() {
      // A parsed location has no user information (refused); the query and fragment are cut.
      return dev.cairn.error.CauseText.printable(uri.getScheme() + "://" + uri.getRawAuthority()
          + uri.getRawPath());
    }

    @Override
    public String fileName() {
      String path = uri.getPath();
      return path.substring(path.lastIndexOf('/') + 1);
    }

    boolean https() {
      return uri.getScheme().equals("https");
    }

    /**
     * {@code url} without its user information, query string or fragment. The user information
     * goes first, and greedily (to the last {@code @} of the whole text, wherever a password's
     * own {@code @}, {@code /}, {@code ?} or {@code #} would cut it): too much is shown rather
     * than a secret.
     */
    static String withoutSecrets(String url) {
      String cut = url;
      int scheme = cut.indexOf("://");
      int at = cut.lastIndexOf('@');
      if (scheme >= 0 && at > scheme) {
        cut = cut.substring(0, scheme + 3) + cut.substring(at + 1);
      } else if (scheme < 0 && at >= 0) {
        cut = cut.substring(at + 1);
      }
      int query = cut.indexOf('?');
      if (query >= 0) {
        cut = cut.substring(0, query);
      }
      int fragment = cut.indexOf('#');
      if (fragment >= 0) {
        cut = cut.substring(0, fragment);
      }
      return dev.cairn.error.CauseText.printable(cut);
    }
  }

  /** An object in an S3-compatible store: a bucket and a key. */
  record S3(String bucket, String key) implements RemoteLocation {

    /** Bucket names as S3 allows them (the older, laxer rules of some stores are not taken). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int MAX_KEY_BYTES = 1024;

    static S3 parse(String source) {
      String rest = source.substring("s3://".length());
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        throw unreachable(source, "an S3 URI is s3://BUCKET/KEY");
      }
      String bucket = rest.substring(0, slash);
      String key = rest.substring(slash + 1);
      if (!BUCKET.matcher(bucket).matches()) {
        throw unreachable(source, "not a bucket name: 3 to 63 of a-z, 0-9, '.' and '-'");
      }
      if (key.isEmpty() || key.endsWith("/")) {
        throw unreachable(source, "the key names no object (it must end with the file's name)");
      }
      if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
        throw unreachable(source, "a key longer than " + MAX_KEY_BYTES + " bytes");
      }
      if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw unreachable(source, "a control character in the key");
      }
      return new S3(bucket, key);
    }

    @Override
    public S3 beside(String plainName) {
      return new S3(bucket, key.substring(0, key.lastIndexOf('/') + 1) + plainName);
    }

    @Override
    public String display() {
      return "s3://" + bucket + "/" + dev.cairn.error.CauseText.printable(key);
    }

    @Override
    public String fileName() {
      return key.substring(key.lastIndexOf('/') + 1);
    }
  }

  /** The location of {@code source} if it is remote. */
  static Optional<RemoteLocation> of(String source) {
    return isRemote(source) ? Optional.of(parse(source)) : Optional.empty();
  }
}
