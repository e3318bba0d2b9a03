package dev.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanTextTest {

  @Test
  void sizesAreInBinaryUnitsAndCountsAgreeWithTheirNouns() {
    assertThat(HumanText.bytes(0)).isEqualTo("0 bytes");
    assertThat(HumanText.bytes(1)).isEqualTo("1 byte");
    assertThat(HumanText.bytes(1023)).isEqualTo("1,023 bytes");
    assertThat(HumanText.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(HumanText.bytes(224_709_427L)).isEqualTo("214.3 MiB");
    assertThat(HumanText.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    assertThat(HumanText.count(1, "floating block")).isEqualTo("1 floating block");
    assertThat(HumanText.count(2, "floating block")).isEqualTo("2 floating blocks");
    assertThat(HumanText.count(12_345, "object")).isEqualTo("12,345 objects");
  }
}
