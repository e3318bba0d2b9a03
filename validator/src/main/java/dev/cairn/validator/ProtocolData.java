package dev.cairn.validator;

import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.PublicKey;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.store.hash.Signature;
import dev.cairn.validator.crypto.Signatures;
import dev.cairn.validator.crypto.TestnetKey;
import dev.cairn.validator.crypto.Watermark;
import java.util.Arrays;
import java.util.Optional;

/**
 * A testnet block's {@code protocol_data}: the baker's public key hash (20 bytes), then its
 * Ed25519 signature (64 bytes) of the header whose protocol data is the baker's hash alone, under
 * the block watermark of the chain ({@code 0x01 · chain id}).
 */
public record ProtocolData(PublicKeyHash baker, Signature signature) {

  public static final int BYTES = 20 + 64;

  /** Decodes protocol data; empty if it is not exactly a baker and a signature. */
  public static Optional<ProtocolData> decode(Bytes data) {
    if (data.length() != BYTES) {
      return Optional.empty();
    }
    byte[] bytes = data.toArray();
    return Optional.of(new ProtocolData(PublicKeyHash.of(Arrays.copyOfRange(bytes, 0, 20)),
        Signature.of(Arrays.copyOfRange(bytes, 20, BYTES))));
  }

  public Bytes encode() {
    byte[] out = new byte[BYTES];
    baker.bytes().copyTo(out, 0);
    signature.bytes().copyTo(out, 20);
    return Bytes.copyOf(out);
  }

  /** {@code header} signed by {@code key}: its protocol data replaced by the key's hash and signature. */
  public static BlockHeader sign(BlockHeader header, TestnetKey key, ChainId chainId) {
    PublicKeyHash baker = key.publicKeyHash();
    Signature signature = key.sign(Watermark.block(chainId), signedBytes(header, baker));
    return withProtocolData(header, new ProtocolData(baker, signature).encode());
  }

  /** Whether {@code header}'s signature is this baker's, made with {@code key}. */
  public boolean signs(BlockHeader header, PublicKey key, ChainId chainId) {
    return Signatures.verify(key, Watermark.block(chainId), signedBytes(header, baker), signature);
  }

  private static byte[] signedBytes(BlockHeader header, PublicKeyHash baker) {
    return withProtocolData(header, baker.bytes()).encode();
  }

  static BlockHeader withProtocolData(BlockHeader header, Bytes protocolData) {
    return new BlockHeader(header.level(), header.proto(), header.predecessor(),
        header.timestamp(), header.validationPass(), header.operationsHash(), header.fitness(),
        header.context(), protocolData);
  }
}
