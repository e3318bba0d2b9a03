package dev.cairn.validator.crypto;

import dev.cairn.store.hash.ChainId;
import java.nio.charset.StandardCharsets;

/** What a signature is for, prefixed to the signed bytes before hashing them. */
public record Watermark(byte[] bytes) {

  private static final byte[] SNAPSHOT_MANIFEST =
      "Cairn snapshot manifest v1\0".getBytes(StandardCharsets.US_ASCII);

  /** A block header of the chain {@code chainId}: {@code 0x01 · chain id}. */
  public static Watermark block(ChainId chainId) {
    byte[] id = chainId.bytes().toArray();
    byte[] bytes = new byte[1 + id.length];
    bytes[0] = 0x01;
    System.arraycopy(id, 0, bytes, 1, id.length);
    return new Watermark(bytes);
  }

  /** An operation: {@code 0x03}. */
  public static Watermark operation() {
    return new Watermark(new byte[] {0x03});
  }

  /**
   * A Cairn snapshot manifest (DESIGN §14): the 26 ASCII bytes {@code Cairn snapshot manifest v1}
   * and one {@code 0x00}.
   *
   * <p>A watermark's first byte says what is signed, and Tezos reserves small ones: {@code 0x01}
   * a block header, {@code 0x02} an endorsement, {@code 0x03} an operation, {@code 0x11} to
   * {@code 0x13} Tenderbake's block, preattestation and attestation ({@code 0x05} begins packed
   * Michelson data). This one begins with {@code 'C'} ({@code 0x43}), which none of them does, so
   * the bytes hashed for a manifest signature never begin as a block's or an operation's do, and
   * a manifest signature verifies as neither (only a Blake2b collision could make it), nor the
   * other way round: a key that signs manifests can be a baker's key without a manifest
   * signature ever being replayed as a block or an operation. The final {@code 0x00} ends the
   * text, so no other watermark of this form ({@code v10}, say) begins with this one. The
   * version is the manifest's signing scheme, not Cairn's; another scheme gets another text.
   */
  public static Watermark snapshotManifest() {
    return new Watermark(SNAPSHOT_MANIFEST);
  }

  public Watermark {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
