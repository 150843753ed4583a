package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A short run with the HAPI peer (ADR 33): both HAPI servers start, load, enforce what they are
 * configured to, and every peer scenario runs on every side without errors. Runs only under the
 * profile peer (tag "peer"), which builds the HAPI server; its figures are not results.
 */
@Tag("peer")
class PeerSmokeTest {
  @Test
  void theModuleAndBothHapiSidesRunEveryPeerScenarioAndHapiSecuredEnforcesItsRules()
      throws Exception {
    JsonObject results =
        BenchRun.run(
            BenchRun.Options.parse(
                "--smoke",
                "--tenants",
                "2",
                "--scenarios",
                "lookup-by-mrn",
                "--organisations",
                "0",
                "--bulk-to",
                "0",
                "--no-micro",
                "--peer",
                "hapi"));
    JsonObject peer = results.getJsonObject("peer");

    JsonObject probe = peer.getJsonObject("probe");
    assertThat(probe.getInt("ownTenantsPatient")).isEqualTo(200);
    assertThat(probe.getJsonNumber("auditEventsOfOneRead").longValue()).isEqualTo(1);
    assertThat(probe.getInt("noToken")).isEqualTo(401);
    assertThat(probe.getInt("tamperedToken")).isEqualTo(401);
    assertThat(probe.getInt("otherTenantsUrl")).isEqualTo(403);
    assertThat(probe.getInt("otherTenantsPatientThroughOwnUrl")).isEqualTo(404);

    assertThat(peer.getJsonArray("scenarios"))
        .hasSize(PeerComparison.SCENARIOS.size() * 2); // the smoke's concurrency: 1 and 2
    for (JsonObject row : peer.getJsonArray("scenarios").getValuesAs(JsonObject.class)) {
      String at = row.getString("scenario") + " c=" + row.getInt("concurrency");
      for (String side : new String[] {"secured", "hapiBare", "hapiSecured"}) {
        JsonObject r = row.getJsonObject(side);
        assertThat(r.getJsonNumber("operations").longValue()).as(at + " " + side).isPositive();
        assertThat(r.getJsonObject("errorKinds")).as(at + " " + side).isEmpty();
        assertThat(r.getJsonNumber("cpuMicrosPerOperation").doubleValue())
            .as(at + " " + side)
            .isPositive();
      }
      // Every HAPI secured operation stored its BALP event (a search one, a create one).
      assertThat(
              row.getJsonObject("hapiSecured")
                  .getJsonNumber("auditEventsPerOperation")
                  .doubleValue())
          .as(at)
          .isGreaterThanOrEqualTo(0.9);
      assertThat(row.getJsonNumber("securedToHapiSecured").doubleValue()).as(at).isPositive();
      assertThat(row.getJsonNumber("cpuPerOperationSecuredToHapiSecured").doubleValue())
          .as(at)
          .isPositive();
    }
    assertThat(peer.getJsonNumber("securedPatientsCreated").longValue()).isPositive();
  }
}
