package dev.cairn.store.chain;

import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;

/** One row of the protocol levels table: a {@code proto_level}, its protocol, where it activated. */
public record ProtocolLevel(
    int protoLevel, ProtocolHash protocol, BlockHash activationBlock, int activationLevel) {

  public ProtocolLevel {
    if (protoLevel < 0 || protoLevel > 255) {
      throw new IllegalArgumentException("proto_level is a uint8: " + protoLevel);
    }
    if (activationLevel < 0) {
      throw new IllegalArgumentException("activation level must not be negative");
    }
  }
}
