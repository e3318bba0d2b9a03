package dev.cairn.validator.protocol;

import dev.cairn.error.CairnError;

/** Errors about protocol files, named as in DESIGN §10. */
public sealed interface ProtocolError extends CairnError {

  /** Bytes that are not a protocol descriptor. */
  record CannotDecodeProtocol(String reason) implements ProtocolError {
    @Override
    public String name() {
      return "Cannot_decode_protocol";
    }

    @Override
    public String details() {
      return reason;
    }
  }
}
