package dev.cairn.store.hash;

/**
 * One implementation of unkeyed Blake2b: {@link SodiumBlake2b} (libsodium's, through jnr-ffi) or
 * {@link BouncyBlake2b} (Bouncy Castle's portable Java). {@link Blake2b} picks one at start-up;
 * both give the same digests, which the tests check against RFC 7693's vectors and each other.
 */
interface Blake2bEngine {

  /** What this engine is, for reports ("libsodium 1.0.18", "Bouncy Castle"). */
  String name();

  /** The {@code outLength}-byte digest of {@code length} bytes of {@code data} from {@code offset}. */
  byte[] digest(int outLength, byte[] data, int offset, int length);

  /** A streaming hasher of {@code outLength}-byte digests, reset by each {@code finish}. */
  Hasher hasher(int outLength);

  /** A streaming digest; one thread at a time. */
  interface Hasher {
    void update(byte[] data, int offset, int length);

    /** The digest; the hasher starts again from empty. */
    byte[] finish();
  }
}
