package dev.cairn.benchmarks;

import dev.cairn.testsupport.remote.S3Server;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Which synchronous HTTP client under the AWS SDK reads S3 fastest here: the URL-connection
 * client (what Cairn ships) against the Apache client, each reading FILE (uploaded to s3proxy on
 * 127.0.0.1 first) in 64 MiB ranged GETs, as Cairn's reader does, RUNS times in alternation;
 * medians printed, with the time to make each client (its share of a command's start).
 *
 *   java -cp benchmarks/target/benchmarks.jar dev.cairn.benchmarks.S3ClientComparison FILE [RUNS]
 */
public final class S3ClientComparison {

  private S3ClientComparison() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path scratch = java.nio.file.Files.createTempDirectory("s3-clients");
    try (S3Server server = S3Server.start(scratch)) {
      server.createBucket("bench");
      java.nio.file.Files.copy(file, server.bucketDir("bench").resolve("object"));
      List<Double> url = new ArrayList<>();
      List<Double> apache = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        url.add(read(server.endpoint(), UrlConnectionHttpClient.builder().build()));
        apache.add(read(server.endpoint(), ApacheHttpClient.builder().build()));
      }
      long size = java.nio.file.Files.size(file);
      System.out.printf(Locale.ROOT, "url-connection: median %.2f s (%.0f MB/s)%n",
          median(url), size / median(url) / 1e6);
      System.out.printf(Locale.ROOT, "apache:         median %.2f s (%.0f MB/s)%n",
          median(apache), size / median(apache) / 1e6);
    }
  }

  private static double read(URI endpoint, SdkHttpClient http) throws Exception {
    long start = System.nanoTime();
    try (S3Client s3 = S3Client.builder().httpClient(http).endpointOverride(endpoint)
        .forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build()) {
      long length = s3.headObject(b -> b.bucket("bench").key("object")).contentLength();
      byte[] buffer = new byte[1 << 16];
      for (long first = 0; first < length; first += 64 << 20) {
        long last = Math.min(length, first + (64 << 20)) - 1;
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket("bench")
            .key("object").range("bytes=" + first + "-" + last).build())) {
          while (in.read(buffer) >= 0) {
            // read through, as an import would
          }
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
