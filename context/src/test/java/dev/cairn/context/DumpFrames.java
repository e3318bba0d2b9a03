package dev.cairn.context;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Takes a well-formed dump apart into its objects and frames objects back into a dump. */
final class DumpFrames {

  private DumpFrames() {}

  static List<byte[]> split(byte[] dump) {
    ByteBuffer in = ByteBuffer.wrap(dump);
    long count = in.getLong();
    List<byte[]> objects = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      byte[] object = new byte[in.getInt()];
      in.get(object);
      objects.add(object);
    }
    return objects;
  }

  static byte[] join(long count, List<byte[]> objects) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(count);
      for (byte[] object : objects) {
        out.writeInt(object.length);
        out.write(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] join(List<byte[]> objects) {
    return join(objects.size(), objects);
  }
}
