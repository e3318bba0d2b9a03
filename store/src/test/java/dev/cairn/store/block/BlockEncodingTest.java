package dev.cairn.store.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.error.CairnException;
import dev.cairn.store.chain.HistoryMode;
import dev.cairn.store.chain.ProtocolLevel;
import dev.cairn.store.chain.ProtocolLevels;
import dev.cairn.store.encoding.BinaryReader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import dev.cairn.store.synthetic.SyntheticChain;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips over seeded values, and bounded, typed failures on damaged bytes. */
class BlockEncodingTest {

  static long[] seeds() {
    return new SplittableRandom(77).longs(30).toArray();
  }

  /** A chain of a few blocks from {@code seed}, with operations, side branches and metadata. */
  private static List<Block> blocks(long seed) {
    SyntheticChain chain = new SyntheticChain(seed, 12, 8);
    List<Block> blocks = new ArrayList<>();
    Block block = chain.genesis();
    blocks.add(block);
    for (int i = 0; i < 6; i++) {
      blocks.add(chain.child(block, i % 3));
      block = chain.next(block);
      blocks.add(block);
    }
    return blocks;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void headersAndBlocksRoundTrip(long seed) {
    for (Block block : blocks(seed)) {
      byte[] header = block.header().encode();
      assertThat(BlockHeader.decode(header)).as("seed %d", seed).isEqualTo(block.header());
      assertThat(block.verify()).as("seed %d", seed).isEmpty();

      byte[] full = BlockCodec.encode(block, true);
      assertThat(BlockCodec.decode(full, "test")).as("seed %d", seed).isEqualTo(block);
      assertThat(BlockCodec.encode(BlockCodec.decode(full, "test"), true)).isEqualTo(full);

      Block bare = BlockCodec.decode(BlockCodec.encode(block, false), "test");
      assertThat(bare).isEqualTo(block.withoutMetadata());
      assertThat(BlockCodec.peek(full, 0, full.length, "test"))
          .isEqualTo(new BlockCodec.BlockKey(block.hash(), block.level(), block.predecessor()));

      byte[] metadata = BlockCodec.encodeMetadata(block.metadata());
      assertThat(BlockCodec.decodeMetadataEntry(BinaryReader.of(metadata, "test")))
          .isEqualTo(block.metadata());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void protocolLevelsAndHistoryModesRoundTrip(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ProtocolLevels levels = ProtocolLevels.EMPTY;
    int activation = 0;
    for (int protoLevel = 0; protoLevel < random.nextInt(1, 6); protoLevel++) {
      activation += random.nextInt(100);
      levels = levels.with(new ProtocolLevel(protoLevel, ProtocolHash.of(random32(random)),
          BlockHash.of(random32(random)), activation));
    }
    assertThat(ProtocolLevels.decode(BinaryReader.of(levels.encode(), "test"))).isEqualTo(levels);

    HistoryMode mode = switch (random.nextInt(3)) {
      case 0 -> HistoryMode.ARCHIVE;
      case 1 -> HistoryMode.full(random.nextInt(10));
      default -> HistoryMode.rolling(random.nextInt(10));
    };
    assertThat(HistoryMode.parse(mode.toString())).isEqualTo(mode);
  }

  @Test
  void historyModesParseAsOctezWritesThem() {
    assertThat(HistoryMode.parse("full")).isEqualTo(HistoryMode.full(1));
    assertThat(HistoryMode.parse("rolling")).isEqualTo(HistoryMode.rolling(1));
    assertThat(HistoryMode.parse("rolling:0").toString()).isEqualTo("rolling:0");
    assertThat(HistoryMode.parse("archive").toString()).isEqualTo("archive");
    for (String bad : List.of("", "archive:1", "full:-1", "full:x", "rolling:1:2", "partial")) {
      assertThatThrownBy(() -> HistoryMode.parse(bad)).as(bad)
          .isInstanceOfSatisfying(CairnException.class,
              e -> assertThat(e.error().name()).isEqualTo("Invalid_history_mode"));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyTruncationIsATypedError(long seed) {
    Block block = blocks(seed).get(3);
    byte[] header = block.header().encode();
    int fixed = 4 + 1 + 32 + 8 + 1 + 32 + 4;
    // Cut inside the fixed fields or the fitness: the context no longer fits.
    for (int length = 0; length < fixed + 4 + 32; length++) {
      byte[] cut = Arrays.copyOf(header, length);
      assertTypedError(() -> BlockHeader.decode(cut), seed, length);
    }
    byte[] encoded = BlockCodec.encode(block, true);
    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertTypedError(() -> BlockCodec.decode(cut, "cut block"), seed, length);
    }
  }

  @Test
  void oversizedLengthsAreRefusedBeforeAnythingIsAllocated() {
    Block block = blocks(5).get(2);
    byte[] encoded = BlockCodec.encode(block, true);
    ByteBuffer.wrap(encoded).putInt(32, Integer.MAX_VALUE); // header_length
    assertThatThrownBy(() -> BlockCodec.decode(encoded, "block"))
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.getMessage()).contains("Malformed_encoding", "header", "maximum"));

    byte[] hugeHeader = new byte[BlockHeader.MAX_BYTES + 1];
    assertThatThrownBy(() -> BlockHeader.decode(hugeHeader))
        .isInstanceOf(CairnException.class).hasMessageContaining("more than the maximum");
  }

  /** Flipped and overwritten bytes: decoding either fails with a typed error or yields a block. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatedBytesNeverEscapeAsAnotherException(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] original = BlockCodec.encode(blocks(seed).get(4), true);
    for (int round = 0; round < 300; round++) {
      byte[] mutated = original.clone();
      for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      try {
        Block decoded = BlockCodec.decode(mutated, "mutated block");
        assertThat(BlockCodec.encode(decoded, true)).as("seed %d round %d", seed, round)
            .isEqualTo(mutated);
      } catch (CairnException expected) {
        assertThat(expected.error().name()).isEqualTo("Malformed_encoding");
      } catch (RuntimeException e) {
        fail("seed " + seed + " round " + round + ": " + e, e);
      }
    }
  }

  @Test
  void verifyNamesAWrongHashAndAWrongOperationsHash() {
    Block block = blocks(9).get(2);
    Block renamed = new Block(BlockHash.of(new byte[32]), block.header(), block.operations(),
        block.metadata());
    assertThat(renamed.verify()).get().asString().contains("hashes to");

    List<List<Operation>> fewer = new ArrayList<>(block.operations());
    fewer.set(3, List.of(new Operation(block.predecessor(), Bytes.copyOf(new byte[] {1}))));
    Block tampered = new Block(block.hash(), block.header(), fewer, Optional.empty());
    assertThat(tampered.verify()).get().asString().contains("operations hash");
  }

  private static void assertTypedError(Runnable decode, long seed, int length) {
    assertThatThrownBy(decode::run).as("seed %d, cut at %d", seed, length)
        .isInstanceOfSatisfying(CairnException.class,
            e -> assertThat(e.error().name()).isEqualTo("Malformed_encoding"));
  }

  private static byte[] random32(SplittableRandom random) {
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return out;
  }
}
