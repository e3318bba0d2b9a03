package dev.cairn.store.hash;

import dev.cairn.store.encoding.Bytes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Unkeyed Blake2b, through the fastest engine this machine has: libsodium (Debian's {@code
 * libsodium23}) when it loads and passes a known-answer test at start-up, Bouncy Castle otherwise.
 * The system property {@code cairn.blake2b=bouncycastle} forces the fallback. Both give the same
 * digests; {@link #engineName()} says which one runs.
 */
public final class Blake2b {

  private static final Blake2bEngine ENGINE =
      chooseEngine(System.getProperty("cairn.blake2b", ""), "sodium");

  /**
   * Input up to this size is gathered here and hashed in one call at {@link #finish}: most
   * streaming digests are of a few small pieces (a Merkle node, a watermark and an operation), and
   * one call into the engine costs less than starting, feeding and finishing a streaming state.
   */
  private static final int GATHERED = 8 * 1024;

  private final int outLength;
  private byte[] gathered = new byte[256];
  private int gatheredLength;
  /** The engine's streaming state, made only once the input outgrows {@link #GATHERED}. */
  private Blake2bEngine.Hasher hasher;

  private Blake2b(int outLength) {
    this.outLength = outLength;
  }

  /** Which engine computes the digests ("libsodium 1.0.18" or "Bouncy Castle"). */
  public static String engineName() {
    return ENGINE.name();
  }

  /** A streaming Blake2b-256: {@link #update} as often as needed, then {@link #finish}. */
  public static Blake2b hasher256() {
    return new Blake2b(32);
  }

  /** Blake2b-256 of the concatenation of {@code parts}. */
  public static byte[] digest256(byte[]... parts) {
    if (parts.length == 1) {
      return digest256(parts[0], 0, parts[0].length);
    }
    Blake2b hasher = hasher256();
    for (byte[] part : parts) {
      hasher.update(part, 0, part.length);
    }
    return hasher.finish();
  }

  /** Blake2b-256 of {@code length} bytes of {@code data} from {@code offset}. */
  public static byte[] digest256(byte[] data, int offset, int length) {
    return ENGINE.digest(32, data, offset, length);
  }

  /** Blake2b-160 of {@code data}, as a public key hash is computed. */
  public static byte[] digest160(byte[] data) {
    return ENGINE.digest(20, data, 0, data.length);
  }

  public Blake2b update(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    if (hasher == null && length <= GATHERED - gatheredLength) {
      if (gatheredLength + length > gathered.length) {
        gathered = Arrays.copyOf(gathered,
            Math.min(GATHERED, Math.max(gathered.length * 2, gatheredLength + length)));
      }
      System.arraycopy(data, offset, gathered, gatheredLength, length);
      gatheredLength += length;
      return this;
    }
    if (hasher == null) {
      hasher = ENGINE.hasher(outLength);
      hasher.update(gathered, 0, gatheredLength);
      gatheredLength = 0;
    }
    hasher.update(data, offset, length);
    return this;
  }

  public Blake2b update(Bytes bytes) {
    byte[] data = bytes.toArray();
    return update(data, 0, data.length);
  }

  /** The digest; the hasher is reset and may be reused. */
  public byte[] finish() {
    if (hasher != null) {
      return hasher.finish(); // and the state stays, for the next input
    }
    byte[] digest = ENGINE.digest(outLength, gathered, 0, gatheredLength);
    gatheredLength = 0;
    return digest;
  }

  /** The engine for the {@code cairn.blake2b} property's value and libsodium's library name. */
  static Blake2bEngine chooseEngine(String property, String libraryName) {
    if (property.equals("bouncycastle")) {
      return BouncyBlake2b.INSTANCE;
    }
    Optional<SodiumBlake2b> sodium = SodiumBlake2b.load(libraryName);
    return sodium.isPresent() && passesKnownAnswers(sodium.get())
        ? sodium.get()
        : BouncyBlake2b.INSTANCE;
  }

  // RFC 7693, appendix A: BLAKE2b-512("abc"); and Blake2b-256 of the empty string and of "abc".
  static final String ABC_512 = "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
      + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";
  static final String EMPTY_256 =
      "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8";
  static final String ABC_256 = "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319";

  /**
   * Whether {@code engine} gives the known digests, one-shot and streaming, and agrees with Bouncy
   * Castle on an input longer than its buffers: a library that loads but computes something else
   * is not used.
   */
  static boolean passesKnownAnswers(Blake2bEngine engine) {
    try {
      byte[] abc = {'a', 'b', 'c'};
      HexFormat hex = HexFormat.of();
      Blake2bEngine.Hasher streaming = engine.hasher(32);
      streaming.update(abc, 0, 1);
      streaming.update(abc, 1, 2);
      byte[] large = new byte[70_000]; // just over libsodium's 64 KiB buffer: its streaming path
      for (int i = 0; i < large.length; i++) {
        large[i] = (byte) (i * 31 + (i >>> 8));
      }
      return hex.formatHex(engine.digest(64, abc, 0, 3)).equals(ABC_512)
          && hex.formatHex(engine.digest(32, new byte[0], 0, 0)).equals(EMPTY_256)
          && hex.formatHex(streaming.finish()).equals(ABC_256)
          && Arrays.equals(engine.digest(32, large, 3, large.length - 3),
              BouncyBlake2b.INSTANCE.digest(32, large, 3, large.length - 3));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
