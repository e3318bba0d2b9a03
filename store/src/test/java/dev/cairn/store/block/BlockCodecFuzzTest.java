package dev.cairn.store.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.error.CairnException;
import dev.cairn.store.hash.HashKind;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the decoders that read bytes from strangers. Without {@code JAZZER_FUZZ=1} they
 * replay the committed corpus in {@code src/test/resources/.../BlockCodecFuzzTestInputs/}; with it,
 * they fuzz for {@code maxDuration}. Any exception but a typed {@link CairnException} is a finding.
 */
class BlockCodecFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void blockDecoding(byte[] input) {
    try {
      Block block = BlockCodec.decode(input, "fuzzed block");
      assertThat(BlockCodec.encode(block, true)).isEqualTo(input);
    } catch (CairnException expected) {
      assertThat(expected.error().name()).isEqualTo("Malformed_encoding");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void headerDecoding(byte[] input) {
    try {
      BlockHeader header = BlockHeader.decode(input);
      assertThat(header.encode()).isEqualTo(input);
    } catch (CairnException expected) {
      assertThat(expected.error().name()).isEqualTo("Malformed_encoding");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void hashText(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (HashKind kind : HashKind.values()) {
      try {
        assertThat(kind.encode(kind.decode(text))).isEqualTo(text);
      } catch (CairnException expected) {
        assertThat(expected.error().name()).isEqualTo("Invalid_hash_encoding");
      }
    }
  }
}
