package dev.cairn.context.object;

/**
 * Bytes that are not a well-formed object. Callers turn it into the typed error of their boundary:
 * {@code Cannot_read} for a dump, {@code Inconsistent_context} for a stored object.
 */
public final class ObjectFormatException extends RuntimeException {

  public ObjectFormatException(String reason) {
    super(reason, null, false, false);
  }
}
