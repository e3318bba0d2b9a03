package dev.cairn.store.block;

import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's binary form of a block, shared by floating logs and cemented files.
 *
 * <pre>
 * hash 32
 * header_length uint32 · header (the shell header encoding)
 * pass_count uint8 · per pass: op_count uint32 · per operation: length uint32 · operation bytes
 * metadata_tag uint8: 0 absent, 1 present · if present: max_operations_ttl int32 · receipts_length
 *   uint32 · receipts
 * </pre>
 *
 * The hash comes first and the header right after, so an index can be rebuilt from {@link
 * #peek} without decoding operations.
 */
public final class BlockCodec {

  /** The largest encoded block accepted. */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

  private static final int MAX_OPERATIONS_PER_PASS = MAX_BYTES / (4 + 32);

  private BlockCodec() {}

  /** The hash, level and predecessor of an encoded block, read without decoding the rest. */
  public record BlockKey(BlockHash hash, int level, BlockHash predecessor) {}

  public static byte[] encode(Block block, boolean withMetadata) {
    byte[] header = block.header().encode();
    int size = 32 + 4 + header.length + 1 + 1;
    for (List<Operation> pass : block.operations()) {
      size += 4;
      for (Operation operation : pass) {
        size += 4 + operation.encodedSize();
      }
    }
    byte[] metadata = encodeMetadata(withMetadata ? block.metadata() : Optional.empty());
    size += metadata.length - 1;
    ByteBuffer out = ByteBuffer.allocate(size);
    block.hash().bytes().writeTo(out);
    out.putInt(header.length).put(header);
    out.put((byte) block.operations().size());
    for (List<Operation> pass : block.operations()) {
      out.putInt(pass.size());
      for (Operation operation : pass) {
        out.putInt(operation.encodedSize());
        operation.branch().bytes().writeTo(out);
        operation.data().writeTo(out);
      }
    }
    out.put(metadata);
    return out.array();
  }

  /** Decodes a whole encoded block. The hash is taken as written: {@link Block#verify()} checks it. */
  public static Block decode(BinaryReader in) {
    if (in.remaining() > MAX_BYTES) {
      throw in.fail("block is " + in.remaining() + " bytes, more than the maximum " + MAX_BYTES);
    }
    BlockHash hash = new BlockHash(in.value(32, "hash"));
    BlockHeader header = BlockHeader.decode(in.slice(in.length("header", BlockHeader.MAX_BYTES),
        "header"));
    int passes = in.u8("pass_count");
    List<List<Operation>> operations = new ArrayList<>(passes);
    for (int p = 0; p < passes; p++) {
      int count = in.count("op_count", MAX_OPERATIONS_PER_PASS, 4 + 32);
      List<Operation> pass = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int length = in.length("operation", Operation.MAX_BYTES);
        if (length < 32) {
          throw in.fail("operation of " + length + " bytes is shorter than its branch");
        }
        BlockHash branch = new BlockHash(in.value(32, "branch"));
        pass.add(new Operation(branch, in.value(length - 32, "operation data")));
      }
      operations.add(pass);
    }
    return new Block(hash, header, operations, decodeMetadataEntry(in));
  }

  public static Block decode(byte[] encoded, String what) {
    return decode(BinaryReader.of(encoded, what));
  }

  /**
   * The metadata of a block on its own, as cemented metadata files hold it: the same tag and fields
   * that close a block's encoding.
   */
  public static byte[] encodeMetadata(Optional<BlockMetadata> metadata) {
    if (metadata.isEmpty()) {
      return new byte[] {0};
    }
    Bytes receipts = metadata.get().receipts();
    ByteBuffer out = ByteBuffer.allocate(1 + 4 + 4 + receipts.length());
    out.put((byte) 1).putInt(metadata.get().maxOperationsTtl()).putInt(receipts.length());
    receipts.writeTo(out);
    return out.array();
  }

  /** Decodes what {@link #encodeMetadata} wrote, taking all of {@code in}. */
  public static Optional<BlockMetadata> decodeMetadataEntry(BinaryReader in) {
    Optional<BlockMetadata> metadata = switch (in.u8("metadata_tag")) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(decodeMetadata(in));
      default -> throw in.fail("metadata_tag must be 0 or 1");
    };
    in.expectEnd();
    return metadata;
  }

  private static BlockMetadata decodeMetadata(BinaryReader in) {
    int ttl = in.i32("max_operations_ttl");
    if (ttl < 0) {
      throw in.fail("max_operations_ttl is negative");
    }
    Bytes receipts = in.value(in.length("receipts", BlockMetadata.MAX_RECEIPTS_BYTES), "receipts");
    return new BlockMetadata(ttl, receipts);
  }

  /** The key fields of an encoded block, from its first bytes. */
  public static BlockKey peek(byte[] encoded, int offset, int length, String what) {
    BinaryReader in = BinaryReader.of(encoded, offset, length, what);
    BlockHash hash = new BlockHash(in.value(32, "hash"));
    int headerLength = in.length("header", BlockHeader.MAX_BYTES);
    if (headerLength < 4 + 1 + 32) {
      throw in.fail("header of " + headerLength + " bytes is too short");
    }
    int level = in.i32("level");
    in.u8("proto");
    return new BlockKey(hash, level, new BlockHash(in.value(32, "predecessor")));
  }
}
