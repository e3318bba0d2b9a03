package dev.cairn.store.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.error.CairnException;
import dev.cairn.store.datadir.DataDir;
import dev.cairn.store.encoding.StrictJson;
import dev.cairn.store.hash.BlockHash;
import dev.cairn.store.hash.ProtocolHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** config.json and a snapshot's chain object: one codec, exact both ways. */
public class StoreConfigJsonTest {

  @TempDir
  Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 64);
  }

  /** A config drawn from the whole space StoreConfig accepts. */
  public static StoreConfig generated(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] hash = new byte[32];
    for (int i = 0; i < hash.length; i++) {
      hash[i] = (byte) random.nextInt(256);
    }
    ObjectNode testnet = JsonNodeFactory.instance.objectNode();
    int fields = random.nextInt(StoreConfig.MAX_TESTNET_FIELDS + 1);
    for (int i = 0; i < fields; i++) {
      String name = "f" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
      testnet.put(name.substring(0, Math.min(name.length(), StoreConfig.MAX_FIELD_NAME)),
          random.nextLong());
    }
    HistoryMode mode = switch (random.nextInt(3)) {
      case 0 -> HistoryMode.parse("archive");
      case 1 -> HistoryMode.full(random.nextInt(1, 50));
      default -> HistoryMode.rolling(random.nextInt(1, 50));
    };
    String name = "chain-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
        + "_.x".repeat(random.nextInt(30));
    return new StoreConfig(name, BlockHash.of(hash),
        Instant.ofEpochSecond(random.nextLong(0, 1L << 40)), ProtocolHash.of(hash.clone()),
        mode, random.nextInt(1, (1 << 20) + 1), random.nextInt(1, 1001), testnet);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void whatIsWrittenReadsBackTheSameThroughTheDataDirectory(long seed) {
    StoreConfig config = generated(seed);
    DataDir node = DataDir.at(dir.resolve("node-" + seed));
    node.writeConfig(config);
    assertThat(node.readConfig()).as("seed %d", seed).isEqualTo(config);
    StoreConfig chain = StoreConfigJson.chainFromJson(StoreConfigJson.chainToJson(config),
        config.chainName(), config.historyMode());
    assertThat(chain).as("seed %d", seed).isEqualTo(config);
  }

  private static JsonNode configJson() throws IOException {
    return StrictJson.read(StrictJson.write(StoreConfigJson.toJson(generated(7))));
  }

  @Test
  void unknownMissingAndMistypedFieldsAreRefusedByName() throws IOException {
    ObjectNode extra = (ObjectNode) configJson();
    extra.put("comment", "hello");
    assertThatThrownBy(() -> StoreConfigJson.fromJson(extra)).hasMessageContaining("comment");
    ObjectNode missing = (ObjectNode) configJson();
    missing.remove("genesis");
    assertThatThrownBy(() -> StoreConfigJson.fromJson(missing)).hasMessageContaining("genesis");
    ObjectNode genesis = (ObjectNode) configJson();
    ((ObjectNode) genesis.get("genesis")).put("extra", 1);
    assertThatThrownBy(() -> StoreConfigJson.fromJson(genesis)).hasMessageContaining("extra");
    ObjectNode cycle = (ObjectNode) configJson();
    cycle.put("blocks_per_cycle", "8");
    assertThatThrownBy(() -> StoreConfigJson.fromJson(cycle))
        .hasMessageContaining("blocks_per_cycle");
  }

  @Test
  void aTestnetObjectMustBeSmallFlatAndOfIntegers() throws IOException {
    ObjectNode nested = (ObjectNode) configJson();
    ((ObjectNode) nested.get("testnet")).putObject("deep").put("x", 1);
    assertThatThrownBy(() -> StoreConfigJson.fromJson(nested)).hasMessageContaining("deep");
    ObjectNode wide = (ObjectNode) configJson();
    ObjectNode testnet = wide.putObject("testnet");
    for (int i = 0; i <= StoreConfig.MAX_TESTNET_FIELDS; i++) {
      testnet.put("f" + i, i);
    }
    assertThatThrownBy(() -> StoreConfigJson.fromJson(wide)).hasMessageContaining("fields");
    ObjectNode text = (ObjectNode) configJson();
    text.putObject("testnet").put("seed", "x".repeat(2_000_000));
    assertThatThrownBy(() -> StoreConfigJson.fromJson(text)).hasMessageContaining("seed");
    ObjectNode badName = (ObjectNode) configJson();
    badName.putObject("testnet").put("Seed\n", 1);
    assertThatThrownBy(() -> StoreConfigJson.fromJson(badName))
        .hasMessageContaining("Seed\\u000a");
  }

  @Test
  void aConfigFileWithADuplicateKeyOrTrailingContentIsRefused() throws IOException {
    DataDir node = DataDir.at(dir.resolve("node"));
    node.writeConfig(generated(3));
    String json = Files.readString(node.configFile());
    Files.writeString(node.configFile(), json.replaceFirst("\\{", "{\"chain_name\": \"other\","));
    assertThatThrownBy(node::readConfig).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo("Invalid_data_dir");
      assertThat(e.error().details()).contains("chain_name").doesNotContain("\n", "[Source");
    });
    Files.write(node.configFile(), (json + "{}").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(node::readConfig).isInstanceOf(CairnException.class);
  }
}
