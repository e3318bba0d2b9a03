package dev.cairn.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.block.Block;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.encoding.Bytes;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ChainId;
import dev.cairn.store.hash.ContextHash;
import dev.cairn.store.hash.PublicKeyHash;
import dev.cairn.validator.crypto.TestnetKey;
import dev.cairn.validator.protocol.ProtocolDescriptor;
import dev.cairn.validator.protocol.ProtocolRules;
import dev.cairn.validator.protocol.TestnetProtocols;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fixed parts of the testnet rules: protocols, rights, protocol data, receipts. */
class TestnetRulesTest {

  @Test
  void theProtocolsAreDistinctKnownAndRoundTripThroughTheirFiles() {
    List<ProtocolDescriptor> all = TestnetProtocols.all();
    assertThat(all.stream().map(ProtocolDescriptor::hash).distinct()).hasSize(4);
    for (ProtocolDescriptor protocol : all) {
      assertThat(ProtocolDescriptor.decode(protocol.encode())).isEqualTo(protocol);
      assertThat(TestnetProtocols.knows(protocol.hash())).isTrue();
    }
    assertThat(TestnetProtocols.rules(TestnetProtocols.GENESIS.hash())).isEmpty();
    ProtocolRules alpha = TestnetProtocols.rules(TestnetProtocols.ALPHA.hash()).orElseThrow();
    ProtocolRules beta = TestnetProtocols.rules(TestnetProtocols.BETA.hash()).orElseThrow();
    assertThat(alpha.burnedOf(1_001)).isZero();
    assertThat(beta.burnedOf(1_001)).isEqualTo(500);
    assertThat(beta.bakingReward()).isLessThan(alpha.bakingReward());
    ProtocolRules gamma = TestnetProtocols.rules(TestnetProtocols.GAMMA.hash()).orElseThrow();
    assertThat(alpha.rollups()).isEmpty();
    assertThat(beta.rollups()).isEmpty();
    assertThat(gamma.rollups()).hasValueSatisfying(rollups -> {
      assertThat(rollups.commitmentPeriod()).isEqualTo(4);
      assertThat(rollups.challengeWindow()).isEqualTo(8);
      assertThat(rollups.maxMessageBytes()).isEqualTo(4096);
    });
    for (long fee : new long[] {0, 1, 99, 100, 12_345, Long.MAX_VALUE / 3, Long.MAX_VALUE}) {
      assertThat(beta.burnedOf(fee)).as("fee %d", fee).isEqualTo(BigInteger.valueOf(fee)
          .multiply(BigInteger.valueOf(50)).divide(BigInteger.valueOf(100))
          .longValueExact());
    }
  }

  @Test
  void bakingRightsAreDeterministicInRangeAndSpread() {
    int[] counts = new int[8];
    for (int level = 1; level <= 8_000; level++) {
      int index = BakingRights.bakerIndex(8, 42, level);
      assertThat(index).isEqualTo(BakingRights.bakerIndex(8, 42, level)).isBetween(0, 7);
      counts[index]++;
    }
    assertThat(IntStream.of(counts).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    assertThat(IntStream.rangeClosed(1, 64).map(l -> BakingRights.bakerIndex(8, 1, l)).toArray())
        .isNotEqualTo(IntStream.rangeClosed(1, 64).map(l -> BakingRights.bakerIndex(8, 2, l))
            .toArray());
  }

  @Test
  void protocolDataIsTheBakerAndItsSignatureOverTheHeaderUnderTheChainWatermark() {
    TestnetKey key = TestnetKey.derive(5, 0);
    ChainId chain = ChainId.ofGenesis(BlockHash.of(new byte[32]));
    BlockHeader header = new BlockHeader(7, 1, BlockHash.of(new byte[32]), 1000, 1,
        Block.operationsHash(List.of(List.of())),
        BlockValidator.fitness(7), ContextHash.of(new byte[32]), Bytes.EMPTY);
    BlockHeader signed = ProtocolData.sign(header, key, chain);
    ProtocolData data = ProtocolData.decode(signed.protocolData()).orElseThrow();
    assertThat(data.baker()).isEqualTo(key.publicKeyHash());
    assertThat(data.signs(signed, key.publicKey(), chain)).isTrue();
    ChainId other = ChainId.ofGenesis(BlockHash.of(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    assertThat(data.signs(signed, key.publicKey(), other)).isFalse();
    BlockHeader later = ProtocolData.withProtocolData(new BlockHeader(7, 1,
        header.predecessor(), 1001, 1, header.operationsHash(), header.fitness(),
        header.context(), Bytes.EMPTY), signed.protocolData());
    assertThat(data.signs(later, key.publicKey(), chain)).isFalse();
    assertThat(ProtocolData.decode(Bytes.copyOf(new byte[83]))).isEmpty();
    assertThat(ProtocolData.decode(Bytes.copyOf(new byte[85]))).isEmpty();
  }

  @Test
  void receiptsEncodeEveryFieldAndHashToTheirMetadataHash() {
    Receipts receipts = new Receipts(TestnetProtocols.BETA.hash(),
        PublicKeyHash.of(new byte[20]), 12_000, 1_500, 750,
        List.of(new Receipts.OperationReceipt(1, 500, false),
            new Receipts.OperationReceipt(2, 1_000, true)));
    Bytes encoded = receipts.encode();
    assertThat(encoded.length()).isEqualTo(32 + 20 + 24 + 4 + 2 * 10);
    assertThat(Receipts.hashOf(encoded)).isNotEqualTo(Receipts.hashOf(new Receipts(
        TestnetProtocols.BETA.hash(), PublicKeyHash.of(new byte[20]), 12_000, 1_500, 751,
        receipts.operations()).encode()));
    assertThat(Receipts.hashOf(encoded).length()).isEqualTo(32);
  }
}
