package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The chart carries the peer: each scenario's secured/HAPI-secured ratio at the concurrency drawn.
 */
class PeerChartTest {
  private static JsonObject row(String scenario, int concurrency, double ratio) {
    return Json.createObjectBuilder()
        .add("scenario", scenario)
        .add("concurrency", concurrency)
        .add("securedToHapiSecured", ratio)
        .build();
  }

  @Test
  void thePanelHoldsEachScenariosRatioAtTheDrawnConcurrencyAgainstTheTarget() {
    JsonObject peer =
        Json.createObjectBuilder()
            .add(
                "scenarios",
                Json.createArrayBuilder()
                    .add(row("read-patient", 1, 2.81))
                    .add(row("read-patient", 32, 1.79))
                    .add(row("create-patient", 32, 2.97)))
            .build();
    Chart.Panel panel = PeerComparison.chartPanel(peer, 32);
    assertThat(panel.values()).containsOnlyKeys("peer read-patient", "peer create-patient");
    assertThat(panel.values().get("peer read-patient")).containsExactly(1.79);
    assertThat(panel.values().get("peer create-patient")).containsExactly(2.97);
    assertThat(panel.target()).isEqualTo(1.0);
    assertThat(panel.ownScale()).isFalse();
  }
}
