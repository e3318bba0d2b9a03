package dev.cairn.snapshot.remote;

import dev.cairn.error.CairnException;
import dev.cairn.progress.ProgressError;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One S3 object written as a stream: bytes fill a buffer of {@code partSize}; a full buffer is
 * uploaded as a part of a multipart upload on a worker while the next fills, at most {@link
 * #IN_FLIGHT} at once, so memory holds at most {@code IN_FLIGHT + 1} buffers. S3 takes at most
 * 10,000 parts: the part size doubles every 1,000 parts, up to {@link #MAX_PART} (an object of
 * up to about 280 GiB; beyond that, split the snapshot). An object that fits in one buffer is one
 * PUT. {@link #complete} makes it appear, whole, at its key; {@link #abort} leaves nothing: the
 * parts in flight are waited for, the multipart upload aborted (no part kept and billed), and an
 * object whose completion was even attempted deleted.
 */
public final class S3ObjectWriter extends OutputStream {

  /** Parts uploaded at once, beside the buffer being filled. */
  static final int IN_FLIGHT = 2;
  /** The largest part buffer. */
  static final int MAX_PART = 32 << 20;
  /** Parts of one size before the size doubles. */
  static final int PARTS_PER_SIZE = 1000;
  /** How long an abort waits for the parts in flight. */
  static final long ABORT_WAIT_MILLIS = 60_000;

  private final S3Client s3;
  private final RemoteLocation.S3 location;
  private final ExecutorService uploads;
  private final Semaphore buffers = new Semaphore(IN_FLIGHT);
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private final int firstPartSize;
  private final BooleanSupplier stopped;
  private final Duration attemptTimeout;
  private byte[] buffer;
  private int filled;
  private Optional<String> uploadId = Optional.empty();
  private boolean completing;
  private boolean completed;
  private boolean aborted;

  /**
   * {@code stopped} says when waiting for a part must give up; each request may take {@code
   * attemptTimeout} (a store that stops reading an upload does not hold it for ever).
   */
  S3ObjectWriter(S3Client s3, RemoteLocation.S3 location, ExecutorService uploads,
      int partSize, BooleanSupplier stopped, Duration attemptTimeout) {
    this.s3 = s3;
    this.location = location;
    this.uploads = uploads;
    this.firstPartSize = partSize;
    this.stopped = stopped;
    this.attemptTimeout = attemptTimeout;
    this.buffer = new byte[partSize];
  }

  /** The size of part {@code number} (from 1). */
  private int partSize(int number) {
    long size = firstPartSize;
    for (int step = (number - 1) / PARTS_PER_SIZE; step > 0 && size < MAX_PART; step--) {
      size *= 2;
    }
    return (int) Math.max(firstPartSize, Math.min(size, MAX_PART));
  }

  private AwsRequestOverrideConfiguration timeouts() {
    return AwsRequestOverrideConfiguration.builder().apiCallAttemptTimeout(attemptTimeout)
        .build();
  }

  public RemoteLocation.S3 location() {
    return location;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (filled == buffer.length) {
        sendBuffer();
      }
      int n = Math.min(length, buffer.length - filled);
      System.arraycopy(bytes, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
    }
  }

  /** Hands the full buffer to a worker, once one of the {@link #IN_FLIGHT} slots is free. */
  private void sendBuffer() {
    if (uploadId.isEmpty()) {
      uploadId = Optional.of(call(() -> s3.createMultipartUpload(CreateMultipartUploadRequest
          .builder().bucket(location.bucket()).key(location.key()).build()).uploadId()));
    }
    try {
      while (!buffers.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        failFast();
        checkStopped();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProgressError.Interrupted("stopped while uploading " + location.display())
          .toException(e);
    }
    byte[] full = buffer;
    int length = filled;
    int number = parts.size() + 1;
    String id = uploadId.get();
    parts.add(uploads.submit(() -> {
      try {
        String etag = call(() -> s3.uploadPart(UploadPartRequest.builder()
            .bucket(location.bucket()).key(location.key()).uploadId(id).partNumber(number)
            .contentLength((long) length).overrideConfiguration(timeouts()).build(),
            RequestBody.fromBytes(
                length == full.length ? full : java.util.Arrays.copyOf(full, length))).eTag());
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
      } finally {
        buffers.release();
      }
    }));
    // A new buffer for the next part: the one sent is the worker's until its upload ends.
    buffer = new byte[partSize(number + 1)];
    filled = 0;
    failFast();
  }

  /** A part that has failed already fails the writer now, not at the end. */
  private void failFast() {
    for (Future<CompletedPart> part : parts) {
      if (part.isDone()) {
        result(part);
      }
    }
  }

  /** Makes the object appear at its key: the last part sent and the upload completed. */
  public void complete() {
    completing = true;
    if (uploadId.isEmpty()) {
      byte[] bytes = java.util.Arrays.copyOf(buffer, filled);
      call(() -> s3.putObject(PutObjectRequest.builder().bucket(location.bucket())
          .key(location.key()).contentLength((long) bytes.length)
          .overrideConfiguration(timeouts()).build(), RequestBody.fromBytes(bytes)));
    } else {
      if (filled > 0) {
        sendBuffer();
      }
      List<CompletedPart> done = new ArrayList<>();
      for (Future<CompletedPart> part : parts) {
        done.add(result(part));
      }
      call(() -> s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
          .bucket(location.bucket()).key(location.key()).uploadId(uploadId.get())
          .multipartUpload(CompletedMultipartUpload.builder().parts(done).build())
          .overrideConfiguration(timeouts()).build()));
    }
    buffer = null;
    completed = true;
  }

  /**
   * Leaves nothing at the key: an upload in progress is aborted (its parts dropped by the
   * store), a completed object deleted. Quiet: it runs after another failure, which is the one
   * reported.
   */
  public void abort() {
    if (aborted) {
      return;
    }
    aborted = true;
    buffer = null;
    // A part being sent is not stopped by an interrupt: wait for it, so that the abort below
    // comes after it and drops it too.
    long deadline = System.nanoTime() + ABORT_WAIT_MILLIS * 1_000_000;
    for (Future<CompletedPart> part : parts) {
      part.cancel(true);
    }
    for (Future<CompletedPart> part : parts) {
      try {
        part.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.CancellationException | ExecutionException
          | java.util.concurrent.TimeoutException e) {
        // cancelled, failed or still going: the abort follows either way
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      if (uploadId.isPresent() && !completed) {
        s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
            .bucket(location.bucket()).key(location.key()).uploadId(uploadId.get()).build());
      }
    } catch (SdkException e) {
      // Already completed or aborted (a lost answer to the completion), or the store is gone.
    }
    try {
      // The key was empty when the export began (S3Uploads.existing): whatever is there now,
      // this writer put there, or would have.
      if (completing) {
        s3.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket())
            .key(location.key()).build());
      }
    } catch (SdkException e) {
      // Reported by the failure that led here; a lifecycle rule on the bucket (abort
      // incomplete multipart uploads) is the net under this one.
    }
  }

  private CompletedPart result(Future<CompletedPart> part) {
    try {
      while (true) {
        try {
          return part.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          checkStopped();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProgressError.Interrupted("stopped while uploading " + location.display())
          .toException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CairnException typed) {
        throw typed.error().toException(typed);
      }
      throw new RemoteSourceError.RemoteError(location.display(), 0, "a part could not be "
          + "uploaded").toException(e.getCause());
    }
  }

  private void checkStopped() {
    if (stopped.getAsBoolean()) {
      throw new ProgressError.Interrupted("stopped while uploading " + location.display())
          .toException();
    }
  }

  private <T> T call(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (S3Exception e) {
      throw S3Failures.ofWrite(location, e);
    } catch (SdkException e) {
      throw new RemoteSourceError.SourceUnreachable(location.display(), "the store could not "
          + "be reached (after the AWS SDK's retries)").toException(e);
    }
  }
}
