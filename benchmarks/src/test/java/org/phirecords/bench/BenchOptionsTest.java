package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void everyScenarioUnlessSomeAreChosen() {
    assertThat(BenchRun.Options.parse("--patients", "5").selected())
        .containsExactlyElementsOf(Scenarios.ALL);
  }

  @Test
  void chosenScenariosKeepTheirOrder() {
    assertThat(
            BenchRun.Options.parse("--scenarios", "physician-creates-encounter,lookup-by-mrn")
                .selected())
        .extracting(Scenarios.Scenario::name)
        .containsExactly("lookup-by-mrn", "physician-creates-encounter");
  }

  @Test
  void anUnknownScenarioIsRefused() {
    assertThatThrownBy(() -> BenchRun.Options.parse("--scenarios", "lookup").selected())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lookup");
  }
}
