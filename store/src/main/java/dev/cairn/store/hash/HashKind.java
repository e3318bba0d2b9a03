package dev.cairn.store.hash;

import dev.cairn.error.CairnException;
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
  ED25519_SIGNATURE("ed25519 signature", 64, 0x09, 0xf5, 0xcd, 0x86, 0x12);

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

  /** The payload of base58check {@code text}; a typed error says what is wrong with it. */
  public Bytes decode(String text) {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw refuse(HashDecodeFailure.WRONG_LENGTH, text);
    }
    byte[] decoded = Base58Check.decodePlain(text);
    if (decoded == null) {
      throw refuse(HashDecodeFailure.NON_ALPHABET_CHARACTER, text);
    }
    if (!Base58Check.checksumMatches(decoded)) {
      throw refuse(HashDecodeFailure.BAD_CHECKSUM, text);
    }
    int body = decoded.length - 4;
    if (body < prefix.length || !Arrays.equals(decoded, 0, prefix.length, prefix, 0, prefix.length)) {
      throw refuse(HashDecodeFailure.WRONG_PREFIX, text);
    }
    if (body - prefix.length != length) {
      throw refuse(HashDecodeFailure.WRONG_LENGTH, text);
    }
    return Bytes.copyOf(decoded, prefix.length, length);
  }

  /** Refuses bytes of the wrong length, as a programming error. */
  void requireLength(Bytes payload) {
    if (payload.length() != length) {
      throw new IllegalArgumentException(
          description + " hash needs " + length + " bytes, not " + payload.length());
    }
  }

  private CairnException refuse(HashDecodeFailure failure, String text) {
    return new InvalidHashEncoding(description, failure, text).toException();
  }
}
