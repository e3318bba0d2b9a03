package dev.cairn.error;

import java.util.Objects;

/** The one exception type that carries a {@link CairnError} across a boundary. */
public final class CairnException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient CairnError error;

  CairnException(CairnError error, Throwable cause) {
    super(error.name() + ": " + error.details(), cause);
    this.error = Objects.requireNonNull(error);
  }

  /** The typed error; match on its record type. */
  public CairnError error() {
    return error;
  }
}
