package dev.cairn.snapshot.format;

import dev.cairn.store.encoding.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/** A SHA-256 digest, as a manifest gives it: 64 lowercase hex digits. */
public record Sha256(Bytes bytes) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public Sha256 {
    if (bytes.length() != 32) {
      throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
    }
  }

  /** Parses 64 lowercase hex digits; anything else is an {@link IllegalArgumentException}. */
  public static Sha256 parse(String hex) {
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("a sha256 is not 64 lowercase hex digits");
    }
    return new Sha256(Bytes.fromHex(hex));
  }

  /** A fresh SHA-256 digester (the JDK's, which every Java runtime has). */
  public static MessageDigest digester() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the Java runtime has no SHA-256", e);
    }
  }

  /** The digest {@code digester} has computed (which resets it). */
  public static Sha256 of(MessageDigest digester) {
    return new Sha256(Bytes.copyOf(digester.digest()));
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public String toString() {
    return toHex();
  }
}
