package dev.cairn.validator.crypto;

import dev.cairn.error.CairnError;

/** Errors about secret keys and key files, named as in DESIGN §18. */
public sealed interface KeyError extends CairnError {

  /**
   * A secret key, or a key file, that cannot be used: malformed text, a file that is not one, or
   * is open to others. The details never hold the secret's text.
   *
   * @param source where the key came from: a key file's path, or what the text was
   * @param reason what is wrong, in one line
   */
  record InvalidKey(String source, String reason) implements KeyError {
    @Override
    public String name() {
      return "Invalid_key";
    }

    @Override
    public String details() {
      return source + ": " + reason;
    }
  }
}
