package dev.cairn.error;

/**
 * A typed error: a stable name that scripts may match on, and details for people.
 *
 * <p>Implementations are records of one sealed family per boundary.
 */
public interface CairnError {

  /** The stable name, for example {@code Invalid_export_block}. */
  String name();

  /** What went wrong and where, in one line. */
  String details();

  /** Wraps this error in an exception, ready to throw. */
  default CairnException toException() {
    return new CairnException(this, null);
  }

  /** Wraps this error in an exception that keeps the lower-level cause. */
  default CairnException toException(Throwable cause) {
    return new CairnException(this, cause);
  }
}
