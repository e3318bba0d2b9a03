package dev.cairn.validator.protocol;

import dev.cairn.error.CairnError;
import dev.cairn.store.hash.ProtocolHash;

/** Errors about protocol files, named as in DESIGN §10. */
public sealed interface ProtocolError extends CairnError {

  /**
   * A protocol file whose bytes are not a protocol descriptor, or that names a protocol this
   * node has no implementation of: {@code protocol} is the hash of its bytes.
   */
  record CannotDecodeProtocol(ProtocolHash protocol, String reason) implements ProtocolError {
    @Override
    public String name() {
      return "Cannot_decode_protocol";
    }

    @Override
    public String details() {
      return "protocol " + protocol + ": " + reason;
    }
  }
}
