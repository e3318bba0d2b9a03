package dev.cairn.snapshot.remote;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Makes the S3 client: the AWS SDK's default credentials (environment, system properties,
 * profile, container or instance role), else anonymous requests (a public bucket); the region
 * given, else the SDK's default chain, else {@code us-east-1}; path-style requests to an
 * endpoint given (MinIO, Ceph, R2 and the like). Checksums are computed and checked only where
 * the service requires them: every byte is already checked against the snapshot's own digests.
 * The SDK's URL-connection HTTP client carries the requests (see docs/DISTRIBUTION.md for why).
 */
final class S3Clients {

  private static final Region FALLBACK = Region.US_EAST_1;

  private S3Clients() {}

  static S3Client create(RemoteOptions options) {
    var builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(options.connectTimeout())
            .socketTimeout(options.stallTimeout())
            .build())
        .credentialsProvider(AwsCredentialsProviderChain.builder()
            .credentialsProviders(DefaultCredentialsProvider.builder().build(),
                AnonymousCredentialsProvider.create())
            .reuseLastProviderEnabled(true)
            .build())
        .region(region(options))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (options.s3Endpoint().isPresent()) {
      URI endpoint = options.s3Endpoint().get();
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    return builder.build();
  }

  private static Region region(RemoteOptions options) {
    if (options.s3Region().isPresent()) {
      return Region.of(options.s3Region().get());
    }
    if (options.s3Endpoint().isPresent()) {
      return FALLBACK;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      return FALLBACK;
    }
  }
}
