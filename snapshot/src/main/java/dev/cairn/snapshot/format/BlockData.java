package dev.cairn.snapshot.format;

import dev.cairn.error.CairnException;
import dev.cairn.error.CauseText;
import dev.cairn.snapshot.SnapshotError;
import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockCodec;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.Blake2b;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ContextHash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code block_data} member: what binds the snapshot's block B to the context it carries.
 *
 * <pre>
 * uint32 length · genesis block   (block encoding, with its metadata)
 * uint32 length · B               (block encoding, without metadata)
 * uint32 length · B−1's header
 * int32          B−1's max_operations_ttl
 * 32 bytes       B−1's metadata hash (Blake2b-256 of its receipts)
 * 32 bytes       B's resulting context hash (B's header says it too)
 * uint32 count · count × 32 bytes   the live blocks of B: B−1 and up to max_operations_ttl below
 * 32 bytes       Blake2b-256 of snapshot_version.json's bytes then metadata.json's
 * 32 bytes       Blake2b-256 of the protocol_levels member
 * </pre>
 *
 * <p>The live blocks let an importer replay B right after restoring the context, before the
 * blocks that prove them arrive; the importer then checks them against those blocks.
 */
public record BlockData(Block genesis, Block block, BlockHeader predecessorHeader,
    int predecessorMaxOperationsTtl, Bytes predecessorMetadataHash, ContextHash resultingContext,
    List<BlockHash> live, Bytes headerHash, Bytes protocolLevelsMemberHash) {

  /**
   * At most 24 MiB: B and genesis (real blocks are kilobytes) and the rest. The member is read
   * into memory, decoded and rehashed, so its bound keeps an import within a 256 MiB heap.
   */
  public static final long MAX_BYTES = 24L << 20;

  /** The metadata hash of a B−1 that has no metadata (genesis): 32 zero bytes. */
  public static final Bytes NO_METADATA_HASH = Bytes.copyOf(new byte[32]);

  private static final int MAX_LIVE = 1 << 16;

  public BlockData {
    live = List.copyOf(live);
  }

  /** What the header hash covers: the version member's bytes, then the metadata member's. */
  public static Bytes headerHash(byte[] version, byte[] metadata) {
    return Bytes.copyOf(Blake2b.digest256(version, metadata));
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeSized(out, BlockCodec.encode(genesis, true));
      writeSized(out, BlockCodec.encode(block, false));
      writeSized(out, predecessorHeader.encode());
      out.writeInt(predecessorMaxOperationsTtl);
      out.write(predecessorMetadataHash.toArray());
      out.write(resultingContext.bytes().toArray());
      out.writeInt(live.size());
      for (BlockHash hash : live) {
        out.write(hash.bytes().toArray());
      }
      out.write(headerHash.toArray());
      out.write(protocolLevelsMemberHash.toArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeSized(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads the member; any fault is {@code Cannot_read block_data}. */
  public static BlockData read(InputStream in, long size) {
    if (size > MAX_BYTES) {
      throw cannotRead(size + " bytes, more than the " + MAX_BYTES + " it can have");
    }
    try {
      byte[] bytes = new byte[(int) size];
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != size) {
        throw cannotRead("ends after " + read + " of " + size + " bytes");
      }
      BinaryReader reader = BinaryReader.of(bytes, "block_data");
      Block genesis = BlockCodec.decode(reader.bytes(reader.length("genesis", BlockCodec.MAX_BYTES),
          "genesis"), "genesis block");
      Block block = BlockCodec.decode(reader.bytes(reader.length("block", BlockCodec.MAX_BYTES),
          "block"), "exported block");
      BlockHeader predecessor = BlockHeader.decode(reader.bytes(
          reader.length("predecessor header", BlockHeader.MAX_BYTES), "predecessor header"));
      int ttl = reader.i32("max_operations_ttl");
      if (ttl < 0) {
        throw reader.fail("max_operations_ttl is negative");
      }
      Bytes metadataHash = reader.value(32, "predecessor metadata hash");
      ContextHash context = new ContextHash(reader.value(32, "resulting context"));
      int count = reader.count("live blocks", MAX_LIVE, 32);
      List<BlockHash> live = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        live.add(new BlockHash(reader.value(32, "live block")));
      }
      Bytes header = reader.value(32, "header hash");
      Bytes tableMember = reader.value(32, "protocol_levels hash");
      reader.expectEnd();
      return new BlockData(genesis, block, predecessor, ttl, metadataHash, context, live,
          header, tableMember);
    } catch (IOException e) {
      throw cannotRead(CauseText.of(e));
    } catch (CairnException e) {
      if (e.error() instanceof SnapshotError) {
        throw e;
      }
      throw new SnapshotError.CannotRead(SnapshotError.Part.BLOCK_DATA, e.error().details())
          .toException(e);
    }
  }

  private static RuntimeException cannotRead(String reason) {
    return new SnapshotError.CannotRead(SnapshotError.Part.BLOCK_DATA, reason).toException();
  }
}
