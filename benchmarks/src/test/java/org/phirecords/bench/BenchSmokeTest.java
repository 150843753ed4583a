package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A short run of the whole harness (Payara Micro, both baselines, every scenario, the
 * microbenchmarks): proves it works, measures nothing worth reading. The real run is
 * scripts/bench.sh.
 */
class BenchSmokeTest {
  @Test
  void everyScenarioRunsOnEverySideWithoutErrorsAndTheReportIsWritten() throws Exception {
    JsonObject results = BenchRun.run(BenchRun.Options.parse("--smoke"));

    assertThat(results.getJsonArray("scenarios")).hasSize(Scenarios.ALL.size() * 2);
    for (JsonObject row : results.getJsonArray("scenarios").getValuesAs(JsonObject.class)) {
      for (String side : new String[] {"secured", "baselineWar", "rawDriver"}) {
        JsonObject r = row.getJsonObject(side);
        assertThat(r.getJsonNumber("operations").longValue())
            .as(row.getString("scenario") + " " + side)
            .isPositive();
        assertThat(r.getJsonNumber("errors").longValue())
            .as(row.getString("scenario") + " " + side)
            .isZero();
      }
      assertThat(row.getJsonNumber("securedToBaselineWar").doubleValue()).isPositive();
    }
    assertThat(results.getJsonArray("lookupGrowth")).isNotEmpty();
    assertThat(results.getJsonArray("micro")).isNotEmpty();
    Path out = Path.of(System.getProperty("bench.results"));
    assertThat(out.resolve("latest.json")).exists();
    assertThat(Files.size(out.resolve("chart.png"))).isGreaterThan(1000);
  }
}
