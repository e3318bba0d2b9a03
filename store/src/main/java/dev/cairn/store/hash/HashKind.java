package dev.cairn.store.hash;

import dev.cairn.store.StoreError.HashDecodeFailure;
import dev.cairn.store.StoreError.InvalidHashEncoding;
import dev.cairn.store.encoding.Bytes;
import java.util.Arrays;

/** The kinds of Tezos hash, each with its base58check prefix and payload length [Octez]. */
public enum HashKind {
  BLOCK("block", 32, 0x01, 0x34),
  OPERATION("operation", 32, 0x05, 0x74),
  OPERATION_LIST("operation list", 32, 0x85, 0xe9),
  OPERATION_LIST_LIST("operation list list", 32, 0x1d, 0x9f, 0x6d),
  PROTOCOL("protocol", 32, 0x02, 0xaa),
  CONTEXT("context", 32, 0x4f, 0xc7),
  CHAIN_ID("chain id", 4, 0x57, 0x52, 0x00),
  ED25519_PUBLIC_KEY_HASH("ed25519 public key hash", 20, 0x06, 0xa1, 0x9f),
  ED25519_PUBLIC_KEY("ed25519 public key", 32, 0x0d, 0x0f, 0x25, 0xd9),
  ED25519_SIGNATURE("ed25519 signature", 64, 0x09, 0xf5, 0xcd, 0x86, 0x12),
  SMART_ROLLUP_ADDRESS("smart rollup address", 20, 0x06, 0x7c, 0x75),
  SMART_ROLLUP_STATE("smart rollup state hash", 32, 0x11, 0xa5, 0xeb, 0xf0),
  SMART_ROLLUP_COMMITMENT("smart rollup commitment hash", 32, 0x11, 0xa5, 0x86, 0x8a),
  SMART_ROLLUP_INBOX("smart rollup inbox hash", 32, 0x03, 0xff, 0x8a, 0x91, 0x6e),
  /** A secret: decode its text with {@link #decodeSecret}, whose errors never show the text. */
  ED25519_SEED("ed25519 secret key", 32, 0x0d, 0x0f, 0x3a, 0x07);

  private final String description;
  private final int length;
  private final byte[] prefix;

  HashKind(String description, int length, int... prefix) {
    this.description = description;
    this.length = length;
    this.prefix = new byte[prefix.length];
    for (int i = 0; i < prefix.length; i++) {
      this.prefix[i] = (byte) prefix[i];
    }
  }

  /** The payload length in bytes. */
  public int length() {
    return length;
  }

  /** Base58check text of {@code payload}, which must have this kind's length. */
  public String encode(Bytes payload) {
    requireLength(payload);
    byte[] all = Arrays.copyOf(prefix, prefix.length + length);
    payload.copyTo(all, prefix.length);
    return Base58Check.encode(all);
  }

  /**
   * The longest text accepted: the longest kind (a signature, 5 + 64 + 4 bytes) is 100 characters.
   * Base58 decoding is quadratic in the length, so longer text is refused before decoding.
   */
  public static final int MAX_TEXT_LENGTH = 128;

  /**
   * The payload of base58check {@code text}; a typed error says what is wrong with it, showing the
   * text unless this kind is a secret.
   */
  public Bytes decode(String text) {
    byte[] payload = new byte[length];
    HashDecodeFailure failure = decodeInto(text, payload);
    if (failure != null) {
      throw new InvalidHashEncoding(description, failure,
          this == ED25519_SEED ? "edsk… (a secret, not shown)" : text).toException();
    }
    return Bytes.copyOf(payload);
  }

  /**
   * The payload of secret base58check {@code text} (an {@code edsk…} key), into {@code payload},
   * which has this kind's length; what is wrong with the text if it is not one of this kind, or
   * null. Nothing here keeps or shows the text: the caller makes its own error of the failure.
   */
  public HashDecodeFailure decodeSecret(String text, byte[] payload) {
    if (payload.length != length) {
      throw new IllegalArgumentException(description + " needs " + length + " bytes, not "
          + payload.length);
    }
    return decodeInto(text, payload);
  }

  /** Decodes {@code text} into {@code payload}; what is wrong with it, or null. */
  private HashDecodeFailure decodeInto(String text, byte[] payload) {
    if (text.length() > MAX_TEXT_LENGTH) {
      return HashDecodeFailure.WRONG_LENGTH;
    }
    byte[] decoded = Base58Check.decodePlain(text);
    if (decoded == null) {
      return HashDecodeFailure.NON_ALPHABET_CHARACTER;
    }
    if (!Base58Check.checksumMatches(decoded)) {
      return HashDecodeFailure.BAD_CHECKSUM;
    }
    int body = decoded.length - 4;
    if (body < prefix.length || !Arrays.equals(decoded, 0, prefix.length, prefix, 0, prefix.length)) {
      return HashDecodeFailure.WRONG_PREFIX;
    }
    if (body - prefix.length != length) {
      return HashDecodeFailure.WRONG_LENGTH;
    }
    System.arraycopy(decoded, prefix.length, payload, 0, length);
    return null;
  }

  /** Refuses bytes of the wrong length, as a programming error. */
  void requireLength(Bytes payload) {
    if (payload.length() != length) {
      throw new IllegalArgumentException(
          description + " hash needs " + length + " bytes, not " + payload.length());
    }
  }
}
