package dev.cairn.benchmarks;

import dev.cairn.progress.Progress;
import dev.cairn.snapshot.remote.RemoteOptions;
import dev.cairn.snapshot.remote.Remotes;
import dev.cairn.testsupport.remote.HttpFileServer;
import dev.cairn.testsupport.remote.S3Server;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The servers {@code benchmarks/run-distribution.sh} imports from, on 127.0.0.1: a web server of
 * DIR's files, a second one that drops connections when told, and s3proxy (a filesystem blob
 * store under SCRATCH) holding DIR's files in bucket {@code bench}. Prints {@code http PORT},
 * {@code faulty PORT}, {@code s3 PORT}, then {@code ready}; then reads commands from standard
 * input: {@code drop P1 P2 ...} makes the faulty server cut the answers that hold bytes P1, P2,
 * ... of the file there, once each; end of input stops everything.
 */
public final class DistributionServers {

  private DistributionServers() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path scratch = Path.of(args[1]);
    System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
    try (HttpFileServer http = HttpFileServer.serve(dir);
        HttpFileServer faulty = HttpFileServer.serve(dir);
        S3Server s3 = S3Server.start(scratch)) {
      try (Remotes remotes = new Remotes(RemoteOptions.DEFAULTS.withS3(
          Optional.of(s3.endpoint()), Optional.empty()), Progress.NONE, () -> false)) {
        remotes.s3Client().createBucket(CreateBucketRequest.builder().bucket("bench").build());
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            remotes.s3Client().putObject(PutObjectRequest.builder().bucket("bench")
                .key(file.getFileName().toString()).build(), RequestBody.fromFile(file));
          }
        }
      }
      System.out.println("http " + http.url("").getPort());
      System.out.println("faulty " + faulty.url("").getPort());
      System.out.println("s3 " + s3.endpoint().getPort());
      System.out.println("ready");
      System.out.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        String[] words = line.trim().split("\\s+");
        if (words.length > 1 && words[0].equals("drop")) {
          for (int i = 1; i < words.length; i++) {
            faulty.inject(new HttpFileServer.DropAt(Long.parseLong(words[i])));
          }
        }
      }
    }
  }
}
