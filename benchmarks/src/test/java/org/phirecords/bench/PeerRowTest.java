package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerRowTest {
  private static LoadDriver.Result result(long operations, double seconds) {
    return new LoadDriver.Result(operations, 0, seconds, 1.5, 9.0, Map.of());
  }

  @Test
  void ratiosSetTheModuleAgainstHapiSecuredAndHapisOwnCost() {
    PeerRow row = new PeerRow(PeerComparison.SCENARIOS.get(0), 8);
    row.side("secured", result(300, 10), 2000, -1);
    row.side("hapiBare", result(600, 10), 500, -1);
    row.side("hapiSecured", result(200, 10), 1000, 1.0);

    JsonObject built = row.build();

    assertThat(built.getString("scenario")).isEqualTo("read-patient");
    assertThat(built.getJsonNumber("securedToHapiSecured").doubleValue()).isEqualTo(1.5);
    assertThat(built.getJsonNumber("securedToHapiBare").doubleValue()).isEqualTo(0.5);
    assertThat(built.getJsonNumber("hapiSecuredToHapiBare").doubleValue()).isEqualTo(0.333);
    assertThat(built.getJsonNumber("cpuPerOperationSecuredToHapiSecured").doubleValue())
        .isEqualTo(2.0);
    JsonObject hapiSecured = built.getJsonObject("hapiSecured");
    assertThat(hapiSecured.getJsonNumber("auditEventsPerOperation").doubleValue()).isEqualTo(1.0);
    assertThat(built.getJsonObject("secured")).doesNotContainKey("auditEventsPerOperation");
  }

  @Test
  void aSideWithoutOperationsGivesNoRatio() {
    PeerRow row = new PeerRow(PeerComparison.SCENARIOS.get(2), 1);
    row.side("secured", result(0, 10), -1, -1);
    row.side("hapiBare", result(100, 10), 500, -1);
    row.side("hapiSecured", result(50, 10), 900, 1.0);

    JsonObject built = row.build();

    assertThat(built.getJsonNumber("securedToHapiSecured").doubleValue()).isEqualTo(-1);
    assertThat(built.getJsonNumber("cpuPerOperationSecuredToHapiSecured").doubleValue())
        .isEqualTo(-1);
  }
}
