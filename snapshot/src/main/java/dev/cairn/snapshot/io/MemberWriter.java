package dev.cairn.snapshot.io;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one member's content, exactly as many bytes as were declared for it. */
@FunctionalInterface
public interface MemberWriter {
  void writeTo(OutputStream out) throws IOException;
}
