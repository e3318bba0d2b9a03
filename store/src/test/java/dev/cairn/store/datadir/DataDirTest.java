package dev.cairn.store.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.error.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

  @Test
  void cementedNamesAreDecimalWithoutPaddingAndInOrder() {
    assertThat(DataDir.parseCementedName("1_8")).hasValueSatisfying(
        r -> assertThat(r).containsExactly(1, 8));
    assertThat(DataDir.parseCementedName("4097_8192")).hasValueSatisfying(
        r -> assertThat(r).containsExactly(4097, 8192));
    for (String bad : new String[] {"0_8", "01_8", "8_1", "1_08", "a_b", "1_8.part", "1-8", "",
        "1_99999999999", "../1_8", "1_8/"}) {
      assertThat(DataDir.parseCementedName(bad)).as(bad).isEmpty();
    }
    DataDir dir = DataDir.at(Path.of("/data"));
    assertThat(dir.cementedFile(9, 16)).isEqualTo(Path.of("/data/store/cemented/9_16"));
  }

  @Test
  void anUnreadableConfigIsATypedError(@TempDir Path root) throws Exception {
    DataDir dir = DataDir.at(root);
    Files.writeString(dir.configFile(), "{\"chain_name\": \"x\", \"genesis\": {\"block\": \"Bnope\"}}");
    assertThatThrownBy(dir::readConfig).isInstanceOfSatisfying(CairnException.class, e -> {
      assertThat(e.error().name()).isEqualTo("Invalid_data_dir");
      assertThat(e.getMessage()).contains("config.json is unreadable");
    });
    Files.writeString(dir.configFile(), "not json");
    assertThatThrownBy(dir::readConfig).isInstanceOf(CairnException.class)
        .hasMessageContaining("Invalid_data_dir");
  }
}
