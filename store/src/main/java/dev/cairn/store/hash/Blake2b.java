package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/** Unkeyed Blake2b, through Bouncy Castle's digest. */
public final class Blake2b {

  private final Blake2bDigest digest;

  private Blake2b(int bits) {
    this.digest = new Blake2bDigest(bits);
  }

  /** A streaming Blake2b-256: {@link #update} as often as needed, then {@link #finish}. */
  public static Blake2b hasher256() {
    return new Blake2b(256);
  }

  /** Blake2b-256 of the concatenation of {@code parts}. */
  public static byte[] digest256(byte[]... parts) {
    Blake2b hasher = hasher256();
    for (byte[] part : parts) {
      hasher.update(part, 0, part.length);
    }
    return hasher.finish();
  }

  /**
   * Blake2b-256 of {@code length} bytes of {@code data} from {@code offset}. Uses a digest kept per
   * thread: making a Bouncy Castle digest costs about as much as hashing a small object.
   */
  public static byte[] digest256(byte[] data, int offset, int length) {
    Blake2bDigest digest = PER_THREAD_256.get();
    try {
      digest.update(data, offset, length);
      byte[] out = new byte[32];
      digest.doFinal(out, 0); // and resets it for the next call
      return out;
    } catch (RuntimeException e) {
      digest.reset();
      throw e;
    }
  }

  private static final ThreadLocal<Blake2bDigest> PER_THREAD_256 =
      ThreadLocal.withInitial(() -> new Blake2bDigest(256));

  /** Blake2b-160 of {@code data}, as a public key hash is computed. */
  public static byte[] digest160(byte[] data) {
    Blake2b hasher = new Blake2b(160);
    hasher.update(data, 0, data.length);
    return hasher.finish();
  }

  public Blake2b update(byte[] data, int offset, int length) {
    digest.update(data, offset, length);
    return this;
  }

  public Blake2b update(Bytes bytes) {
    byte[] data = bytes.toArray();
    digest.update(data, 0, data.length);
    return this;
  }

  /** The digest; the hasher is reset and may be reused. */
  public byte[] finish() {
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }
}
