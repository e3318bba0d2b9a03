package dev.cairn.snapshot.remote;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The uploads of one export to S3: objects written as streams ({@link S3ObjectWriter}, their
 * parts sent by a small pool of workers), small objects put whole (the manifest), and what is
 * already at a key, so that an export never overwrites one.
 */
public final class S3Uploads implements AutoCloseable {

  /** The default buffer of one part: S3 takes parts of 5 MiB to 5 GiB (the last may be less). */
  public static final int PART_SIZE = 8 << 20;

  private final S3Client s3;
  private final Remotes remotes;
  private final int partSize;
  private final ExecutorService workers = Executors.newFixedThreadPool(
      S3ObjectWriter.IN_FLIGHT, task -> {
        Thread thread = new Thread(task, "cairn-upload");
        thread.setDaemon(true);
        return thread;
      });

  public S3Uploads(Remotes remotes) {
    this(remotes, PART_SIZE);
  }

  /** With parts of {@code partSize} bytes (below 5 MiB only for a store that takes them). */
  public S3Uploads(Remotes remotes, int partSize) {
    this.s3 = remotes.s3Client();
    this.remotes = remotes;
    this.partSize = partSize;
  }

  /** A new object at {@code location}, written as a stream. */
  public S3ObjectWriter object(RemoteLocation.S3 location) {
    // A request may take a quarter of an hour by default: a 32 MiB part at 40 KB/s.
    return new S3ObjectWriter(s3, location, workers, partSize, remotes::cancelled,
        remotes.options().stallTimeout().multipliedBy(15));
  }

  /** Puts {@code bytes} at {@code location}, whole. */
  public void put(RemoteLocation.S3 location, byte[] bytes) {
    try {
      s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key())
          .contentLength((long) bytes.length).build(), RequestBody.fromBytes(bytes));
    } catch (S3Exception e) {
      throw S3Failures.ofWrite(location, e);
    } catch (SdkException e) {
      throw new RemoteSourceError.SourceUnreachable(location.display(), "the store could not "
          + "be reached").toException(e);
    }
  }

  /** Deletes {@code location}, quietly: it runs after another failure, the one reported. */
  public void deleteQuietly(RemoteLocation.S3 location) {
    try {
      s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key()));
    } catch (SdkException e) {
      // a lifecycle rule or the next export's check is the net under this one
    }
  }

  /**
   * The first object that is {@code location} itself or a key beside it that {@code
   * sibling} takes (its manifest, its parts), if any is there.
   */
  public Optional<String> existing(RemoteLocation.S3 location, Predicate<String> sibling) {
    try {
      try {
        s3.headObject(HeadObjectRequest.builder().bucket(location.bucket())
            .key(location.key()).build());
        return Optional.of(location.display());
      } catch (NoSuchKeyException e) {
        // absent, as it should be
      } catch (S3Exception e) {
        if (e.statusCode() != 404) {
          throw S3Failures.ofWrite(location, e);
        }
      }
      String directory = location.key().substring(0, location.key().lastIndexOf('/') + 1);
      for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
          .bucket(location.bucket()).prefix(location.key() + ".").build()).contents()) {
        if (sibling.test(object.key().substring(directory.length()))) {
          return Optional.of(location.beside(object.key().substring(directory.length()))
              .display());
        }
      }
      return Optional.empty();
    } catch (S3Exception e) {
      throw S3Failures.ofWrite(location, e);
    } catch (SdkException e) {
      throw new RemoteSourceError.SourceUnreachable(location.display(), "the store could not "
          + "be reached").toException(e);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
