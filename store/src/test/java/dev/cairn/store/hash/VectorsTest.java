package dev.cairn.store.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.store.block.BlockHeader;
import dev.cairn.store.encoding.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real Tezos encodings (shared/vectors), reproduced byte for byte and hash for hash. */
class VectorsTest {

  private static JsonNode load(String name) throws IOException {
    try (InputStream in = VectorsTest.class.getResourceAsStream("/vectors/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void shellHeadersDecodeReencodeAndHashAsTezosDoes() throws IOException {
    JsonNode vectors = load("tezos-shell-header.json");
    assertThat(vectors.get("shell_headers")).hasSize(2);
    for (JsonNode vector : vectors.get("shell_headers")) {
      byte[] encoded = Bytes.fromHex(vector.get("hex").asText()).toArray();
      BlockHeader header = BlockHeader.decode(encoded);
      JsonNode decoded = vector.get("decoded");

      assertThat(header.level()).isEqualTo(decoded.get("level").asInt());
      assertThat(header.proto()).isEqualTo(decoded.get("proto").asInt());
      assertThat(header.predecessor().toBase58()).isEqualTo(decoded.get("predecessor").asText());
      assertThat(Instant.ofEpochSecond(header.timestamp()))
          .isEqualTo(Instant.parse(decoded.get("timestamp").asText()));
      assertThat(header.validationPass()).isEqualTo(decoded.get("validation_pass").asInt());
      assertThat(header.operationsHash().toBase58())
          .isEqualTo(decoded.get("operations_hash").asText());
      List<String> fitness = new ArrayList<>();
      header.fitness().forEach(f -> fitness.add(f.toHex()));
      List<String> expectedFitness = new ArrayList<>();
      decoded.get("fitness").forEach(f -> expectedFitness.add(f.asText()));
      assertThat(fitness).isEqualTo(expectedFitness);
      assertThat(header.context().toBase58()).isEqualTo(decoded.get("context").asText());
      assertThat(header.protocolData().length())
          .isEqualTo(decoded.get("protocol_data_length").asInt());

      assertThat(header.encode()).isEqualTo(encoded);
      assertThat(header.hash().bytes().toHex()).isEqualTo(vector.get("blake2b_256").asText());
      if (vector.has("block_hash")) {
        assertThat(header.hash().toBase58()).isEqualTo(vector.get("block_hash").asText());
        assertThat(BlockHash.parse(vector.get("block_hash").asText())).isEqualTo(header.hash());
      }
    }
  }

  @Test
  void blake2bOfNothingAndTheEmptyOperationListList() throws IOException {
    JsonNode vectors = load("tezos-shell-header.json");
    assertThat(Bytes.copyOf(Blake2b.digest256()).toHex())
        .isEqualTo(vectors.get("blake2b_256_of_empty").asText());
    assertThat(OperationsMerkle.listListHash(List.of()).toBase58())
        .isEqualTo(vectors.get("empty_operation_list_list_hash").asText());
  }

  @Test
  void chainIdsFromGenesisHashes() throws IOException {
    for (JsonNode vector : load("tezos-shell-header.json").get("chain_ids")) {
      BlockHash genesis = BlockHash.parse(vector.get("genesis_block_hash").asText());
      assertThat(ChainId.ofGenesis(genesis).toBase58()).isEqualTo(vector.get("chain_id").asText());
    }
  }

  @Test
  void operationListHashesForZeroToSevenOperations() throws IOException {
    JsonNode lists = load("tezos-operations-merkle.json").get("operation_list");
    assertThat(lists).hasSize(8);
    for (JsonNode vector : lists) {
      List<OperationHash> operations = new ArrayList<>();
      vector.get("operation_hashes_hex")
          .forEach(h -> operations.add(new OperationHash(Bytes.fromHex(h.asText()))));
      OperationListHash hash = OperationsMerkle.listHash(operations);
      assertThat(hash.bytes().toHex()).as("%d operations", operations.size())
          .isEqualTo(vector.get("hex").asText());
      assertThat(hash.toBase58()).isEqualTo(vector.get("operation_list_hash").asText());
    }
  }

  @Test
  void operationListListHashOfFourPasses() throws IOException {
    JsonNode vector = load("tezos-operations-merkle.json").get("operation_list_list");
    List<OperationListHash> lists = new ArrayList<>();
    for (JsonNode pass : vector.get("passes")) {
      List<OperationHash> operations = new ArrayList<>();
      pass.forEach(h -> operations.add(new OperationHash(Bytes.fromHex(h.asText()))));
      lists.add(OperationsMerkle.listHash(operations));
    }
    List<String> listHashes = lists.stream().map(OperationListHash::toBase58).toList();
    List<String> expected = new ArrayList<>();
    vector.get("list_hashes").forEach(h -> expected.add(h.asText()));
    assertThat(listHashes).isEqualTo(expected);

    OperationListListHash hash = OperationsMerkle.listListHash(lists);
    assertThat(hash.bytes().toHex()).isEqualTo(vector.get("hex").asText());
    assertThat(hash.toBase58()).isEqualTo(vector.get("operation_list_list_hash").asText());
  }
}
