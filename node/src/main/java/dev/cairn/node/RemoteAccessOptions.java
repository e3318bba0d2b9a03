package dev.cairn.node;

import dev.cairn.snapshot.remote.RemoteOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * How the commands that take a remote SOURCE or destination reach it (DESIGN §15): the S3
 * endpoint and region, timeouts and retries, and {@code --insecure}, which is said on standard
 * error whenever it is used.
 */
final class RemoteAccessOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--s3-endpoint", paramLabel = "URL", converter = EndpointConverter.class,
      description = "The endpoint of an S3-compatible store (MinIO, Ceph, R2, ...), reached "
          + "with path-style requests. Default: AWS S3. Credentials come from the AWS SDK's "
          + "default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and "
          + "~/.aws, a container or instance role), else requests are anonymous; they are "
          + "never printed.")
  private URI s3Endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION", description = "The S3 region. "
      + "Default: the AWS SDK's (AWS_REGION, the profile), else us-east-1.")
  private String s3Region;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long a connection may take to open. Default: ${DEFAULT-VALUE}.")
  private int connectSeconds;

  @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long a download may go without a byte before it is dropped and "
          + "resumed. Default: ${DEFAULT-VALUE}.")
  private int stallSeconds;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "8",
      description = "How many failures in a row (without a byte between them) a download "
          + "survives; each is retried from the byte where it stopped, after a wait that "
          + "doubles from 1 s (at most 30 s). Default: ${DEFAULT-VALUE}.")
  private int retries;

  @Option(names = "--insecure", description = "Do not check HTTPS certificates (a test "
      + "server's own). Said on standard error each time; the snapshot's digests and a "
      + "manifest's signatures are still checked.")
  private boolean insecure;

  /** The options given, with {@code parallel} parts fetched ahead. */
  RemoteOptions options(int parallel) {
    if (connectSeconds < 1 || stallSeconds < 1 || connectSeconds > 86_400
        || stallSeconds > 86_400) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--connect-timeout and --stall-timeout take 1 to 86400 seconds");
    }
    if (retries < 0 || retries > 1000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--retries takes 0 to 1000");
    }
    if (s3Region != null && !s3Region.matches("[a-z0-9][a-z0-9-]{0,31}")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--s3-region takes a region name such as eu-west-1");
    }
    if (parallel < 1 || parallel > RemoteOptions.MAX_PARALLEL) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--parallel takes 1 to " + RemoteOptions.MAX_PARALLEL);
    }
    if (insecure) {
      spec.commandLine().getErr().println("warning: --insecure: HTTPS certificates are not "
          + "checked; the snapshot's own digests and signatures still are");
      spec.commandLine().getErr().flush();
    }
    return RemoteOptions.DEFAULTS
        .withTimeouts(Duration.ofSeconds(connectSeconds), Duration.ofSeconds(stallSeconds),
            retries, RemoteOptions.DEFAULTS.firstBackoff())
        .withParallel(parallel).withInsecure(insecure)
        .withS3(Optional.ofNullable(s3Endpoint), Optional.ofNullable(s3Region));
  }

  /** An endpoint is an {@code http(s)://host[:port]} URL; anything else is a usage error. */
  static final class EndpointConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        URI uri = new URI(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
            || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
          throw new TypeConversionException("an S3 endpoint is http(s)://HOST[:PORT], "
              + "without user, password or query");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new TypeConversionException("not a URL: " + e.getReason());
      }
    }
  }
}
