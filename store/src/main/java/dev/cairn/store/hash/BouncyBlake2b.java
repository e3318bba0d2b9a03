package dev.cairn.store.hash;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/** Blake2b through Bouncy Castle's portable digest: the engine wherever libsodium is not. */
final class BouncyBlake2b implements Blake2bEngine {

  static final BouncyBlake2b INSTANCE = new BouncyBlake2b();

  // Making a Bouncy Castle digest costs about as much as hashing a small object: one per thread
  // and size for the one-shot digests.
  private static final ThreadLocal<Blake2bDigest> PER_THREAD_256 =
      ThreadLocal.withInitial(() -> new Blake2bDigest(256));

  private BouncyBlake2b() {}

  @Override
  public String name() {
    return "Bouncy Castle";
  }

  @Override
  public byte[] digest(int outLength, byte[] data, int offset, int length) {
    Blake2bDigest digest =
        outLength == 32 ? PER_THREAD_256.get() : new Blake2bDigest(outLength * 8);
    try {
      digest.update(data, offset, length);
      byte[] out = new byte[outLength];
      digest.doFinal(out, 0); // and resets it for the next call
      return out;
    } catch (RuntimeException e) {
      digest.reset();
      throw e;
    }
  }

  @Override
  public Hasher hasher(int outLength) {
    Blake2bDigest digest = new Blake2bDigest(outLength * 8);
    return new Hasher() {
      @Override
      public void update(byte[] data, int offset, int length) {
        digest.update(data, offset, length);
      }

      @Override
      public byte[] finish() {
        byte[] out = new byte[outLength];
        digest.doFinal(out, 0);
        return out;
      }
    };
  }
}
