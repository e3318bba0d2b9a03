package dev.cairn.testsupport.remote;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * gaul's s3proxy on 127.0.0.1, a random port, keeping objects in files under a directory (a
 * bucket is a subdirectory), with signed requests checked against one key pair.
 */
public final class S3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "cairn-test-access";
  public static final String SECRET_KEY = "cairn-test-secret-do-not-print";

  private final S3Proxy proxy;
  private final Path root;

  private S3Server(S3Proxy proxy, Path root) {
    this.proxy = proxy;
    this.root = root;
  }

  /** Starts a server keeping its buckets under {@code root} (created if absent). */
  public static S3Server start(Path root) throws Exception {
    Files.createDirectories(root);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(root.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)
        .jettyMaxThreads(16)
        .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.onSpinWait();
    }
    return new S3Server(proxy, root);
  }

  /** Creates a bucket (a directory of the blob store). */
  public void createBucket(String name) throws IOException {
    Files.createDirectories(root.resolve(name));
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Where the blob store keeps {@code bucket}'s objects. */
  public Path bucketDir(String bucket) {
    return root.resolve(bucket);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
