package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
    long floorEvents = 0;

    assertThat(results.getJsonArray("scenarios")).hasSize(Scenarios.ALL.size() * 2);
    for (JsonObject row : results.getJsonArray("scenarios").getValuesAs(JsonObject.class)) {
      for (String side : new String[] {"secured", "baselineWar", "floor", "rawDriver"}) {
        JsonObject r = row.getJsonObject(side);
        assertThat(r.getJsonNumber("operations").longValue())
            .as(row.getString("scenario") + " " + side)
            .isPositive();
        assertThat(r.getJsonNumber("errors").longValue())
            .as(row.getString("scenario") + " " + side)
            .isZero();
        assertThat(r.getJsonObject("errorKinds"))
            .as(row.getString("scenario") + " " + side)
            .isEmpty();
        assertThat(r.getJsonNumber("storeBusyAfterSeconds").doubleValue())
            .as(row.getString("scenario") + " " + side)
            .isNotNegative();
        // Every operation asks the store something; the WARs' operations also cost Payara CPU.
        assertThat(r.getJsonNumber("storeCpuMicrosPerOperation").doubleValue())
            .as(row.getString("scenario") + " " + side)
            .isPositive();
        if (!side.equals("rawDriver")) {
          assertThat(r.getJsonNumber("payaraCpuMicrosPerOperation").doubleValue())
              .as(row.getString("scenario") + " " + side)
              .isPositive();
        }
      }
      assertThat(row.getJsonNumber("cpuPerOperationSecuredToBaselineWar").doubleValue())
          .isPositive();
      assertThat(row.getJsonNumber("securedToBaselineWar").doubleValue()).isPositive();
      assertThat(row.getJsonNumber("floorToBaselineWar").doubleValue()).isPositive();
      assertThat(row.getJsonNumber("cpuPerOperationFloorToBaselineWar").doubleValue()).isPositive();
      assertThat(row.getJsonNumber("payaraCpuPerOperationSecuredToBaselineWar").doubleValue())
          .isPositive();
      assertThat(row.getJsonNumber("p50SecuredToBaselineWar").doubleValue()).isPositive();
      assertThat(row.getJsonNumber("p99SecuredToBaselineWar").doubleValue()).isPositive();
      assertCommandsCounted(row);
      // A read of a record is two requests, a create two events (announced and concluded).
      int events =
          Set.of(
                      "physician-reads-record",
                      "patient-reads-own-record",
                      "physician-creates-encounter")
                  .contains(row.getString("scenario"))
              ? 2
              : 1;
      floorEvents += events * row.getJsonObject("floor").getJsonNumber("operations").longValue();
    }
    // The floor stored an audit event for every request it was measured on (and more: the
    // warm-up's are not counted), each once, at consecutive positions of its chain, and moved
    // each chain's head to its end.
    assertThat(documents(results, "bench_baseline.floor_audit_events"))
        .isGreaterThanOrEqualTo(floorEvents);
    assertThat(results.getJsonArray("floorChains").getValuesAs(JsonObject.class))
        .isNotEmpty()
        .allSatisfy(
            chain -> {
              long stored = chain.getJsonNumber("events").longValue();
              assertThat(stored).as(chain.getString("chain")).isPositive();
              assertThat(chain.getJsonNumber("lastSeq").longValue())
                  .as(chain.getString("chain"))
                  .isEqualTo(stored);
              assertThat(chain.getJsonNumber("headSeq").longValue())
                  .as(chain.getString("chain"))
                  .isEqualTo(stored);
            });
    // What the store held is listed by collection; the entries query ran idle on both sides.
    assertThat(results.getJsonArray("storeCollections").getValuesAs(JsonObject.class))
        .anySatisfy(
            c -> {
              assertThat(c.getString("collection")).isEqualTo("phi_clinical.clinical_entries");
              assertThat(c.getJsonNumber("documents").longValue()).isPositive();
              assertThat(c.getJsonNumber("meanBytes").longValue()).isPositive();
            });
    assertThat(results.getJsonNumber("payaraIdleCpuMillisPerSecond").doubleValue()).isNotNegative();
    JsonObject idle = results.getJsonObject("idleEntriesScans");
    assertThat(idle.getJsonNumber("securedEntriesFound").doubleValue()).isPositive();
    assertThat(idle.getJsonNumber("baselineEntriesFound").doubleValue()).isPositive();
    assertThat(idle.getJsonNumber("securedMillis").doubleValue()).isPositive();
    // The last lookups meet mostly bulk-loaded patients: found and decrypted through the API.
    JsonObject afterBulk =
        results.getJsonArray("lookupGrowth").getValuesAs(JsonObject.class).get(1);
    assertThat(afterBulk.getString("loadedBy")).isEqualTo("bulk");
    assertThat(afterBulk.getInt("patients")).isEqualTo(60);
    assertThat(afterBulk.getJsonNumber("operations").longValue()).isPositive();
    assertThat(afterBulk.getJsonNumber("errors").longValue()).isZero();
    assertThat(results.getJsonArray("micro").getValuesAs(JsonObject.class))
        .filteredOn(b -> b.getString("benchmark").equals("AuditChainBench.verifyChain"))
        .singleElement()
        .satisfies(
            verify -> {
              assertThat(verify.getJsonNumber("eventsPerSecond").longValue()).isPositive();
              assertThat(verify.getJsonNumber("eventsPerSecondMedianPass").longValue())
                  .isPositive();
              assertThat(verify.getJsonNumber("medianMillis").doubleValue()).isPositive();
              assertThat(verify.getString("judgedOn")).isEqualTo("mean");
            });
    assertScopedCallersMeasured(results.getJsonObject("organisations"));
    Path out = Path.of(System.getProperty("bench.results"));
    assertThat(out.resolve("latest.json")).exists();
    assertThat(Files.size(out.resolve("chart.png"))).isGreaterThan(1000);
  }

  /**
   * The analytics scenario (ADR 45) at a smoke size: the bulk-seeded facts all counted by code and
   * month through the API, each query's store commands counted (the aggregates on {@code
   * analytics_facts}, the query's record in {@code analytics_queries}).
   */
  @Test
  void theAnalyticsScenarioCountsEveryFactByCodeAndMonthAndCountsItsCommands() throws Exception {
    JsonObject r = AnalyticsBench.run("--entries", "5000", "--runs", "2");
    assertThat(r.getInt("entries")).isEqualTo(5000);
    assertThat(r.getInt("cells")).isBetween(AnalyticsBench.MONTHS, 5000);
    assertThat(r.getJsonNumber("medianMillis").doubleValue()).isPositive();
    JsonObject commands = r.getJsonObject("storeCommandsPerQueryByCollection");
    assertThat(commands.getJsonObject("analytics_facts").getJsonNumber("reads").doubleValue())
        .as("the cells and the total: two aggregates")
        .isGreaterThanOrEqualTo(2);
    assertThat(commands.getJsonObject("analytics_queries").getJsonNumber("writes").doubleValue())
        .isGreaterThanOrEqualTo(1);
  }

  /**
   * The organised tenant (issue 23): a tree of 20 organisations, grants at three levels; each
   * scoped caller got 200 for a patient in its reach and the 404 of a missing record for one
   * outside it (record, billing view, lookup by MRN); the scoped and flat callers both measured on
   * every compared scenario without errors.
   */
  private static void assertScopedCallersMeasured(JsonObject organised) {
    assertThat(organised.getInt("organisations")).isEqualTo(20);
    assertThat(organised.getInt("facilities")).isPositive();
    assertThat(organised.getInt("grants")).isGreaterThanOrEqualTo(20);
    JsonObject probe = organised.getJsonObject("probe");
    int callers = probe.getInt("callers");
    assertThat(callers).isGreaterThanOrEqualTo(6);
    // Three reads by each caller of each patient (record, billing view, lookup by MRN): all 200
    // in reach; outside it, each the 404 of a missing record.
    assertThat(probe.getJsonObject("inReach")).containsOnlyKeys("200");
    assertThat(probe.getJsonObject("inReach").getInt("200")).isEqualTo(3 * callers);
    assertThat(probe.getJsonObject("outOfReach")).containsOnlyKeys("404 PHR-404-01");
    assertThat(probe.getJsonObject("outOfReach").getInt("404 PHR-404-01")).isEqualTo(3 * callers);
    List<JsonObject> rows = organised.getJsonArray("scenarios").getValuesAs(JsonObject.class);
    assertThat(rows)
        .extracting(r -> r.getString("scenario"))
        .containsExactly(
            "physician-reads-record",
            "physician-reads-record",
            "billing-reads-view",
            "billing-reads-view",
            "lookup-by-mrn",
            "lookup-by-mrn");
    for (JsonObject row : rows) {
      for (String side : List.of("flat", "scoped")) {
        JsonObject r = row.getJsonObject(side);
        String what = row.getString("scenario") + " c=" + row.getInt("concurrency") + " " + side;
        assertThat(r.getJsonNumber("operations").longValue()).as(what).isPositive();
        assertThat(r.getJsonNumber("errors").longValue()).as(what).isZero();
        assertThat(r.getJsonObject("errorKinds")).as(what).isEmpty();
        assertThat(r.getJsonNumber("storeCommandsPerOperation").doubleValue())
            .as(what)
            .isPositive();
      }
      assertThat(row.getJsonNumber("scopedToFlat").doubleValue()).isPositive();
    }
  }

  /**
   * Each side's store commands per operation, counted by its driver's CommandListener, are there
   * and plausible: every read scenario reads on every side, the WARs tally as many requests as an
   * operation makes, the secured module and the floor write audit events whose acknowledgement each
   * request waits on, the bare baseline WAR writes only when the scenario does, and the raw
   * driver's create is one insert.
   */
  private static void assertCommandsCounted(JsonObject row) {
    String scenario = row.getString("scenario");
    boolean writes = scenario.equals("physician-creates-encounter");
    boolean twoRequests =
        Set.of("physician-reads-record", "patient-reads-own-record").contains(scenario);
    for (String side : new String[] {"secured", "baselineWar", "floor", "rawDriver"}) {
      JsonObject r = row.getJsonObject(side);
      String what = scenario + " c=" + row.getInt("concurrency") + " " + side;
      JsonObject cmds = r.getJsonObject("storeCommandsPerOperation");
      double reads = cmds.getJsonNumber("reads").doubleValue();
      double written = cmds.getJsonNumber("writes").doubleValue();
      double sequential = r.getJsonNumber("sequentialAcknowledgedWritesPerOperation").doubleValue();
      double requests = r.getJsonNumber("requestsPerOperation").doubleValue();
      assertThat(r.getJsonObject("storeCommandsPerOperationByCollection")).as(what).isNotEmpty();
      assertThat(r.getJsonNumber("sharedSequentialWritesPerOperation").doubleValue())
          .as(what)
          .isNotNegative()
          .isLessThanOrEqualTo(sequential);
      if (!writes) {
        assertThat(reads).as(what + " reads").isGreaterThanOrEqualTo(twoRequests ? 2 : 1);
      }
      double expectedRequests = side.equals("rawDriver") || !twoRequests ? 1 : 2;
      assertThat(requests).as(what + " requests").isCloseTo(expectedRequests, within(0.25));
      switch (side) {
        case "secured", "floor" -> {
          // Concurrent requests share the audit batches' writes, so fewer than one per operation
          // may be sent; each request still waits on at least one.
          assertThat(written).as(what + " writes").isPositive();
          assertThat(sequential).as(what + " sequential").isGreaterThanOrEqualTo(1);
        }
        default -> {
          assertThat(written).as(what + " writes").isCloseTo(writes ? 1 : 0, within(0.01));
          assertThat(sequential).as(what + " sequential").isCloseTo(writes ? 1 : 0, within(0.01));
        }
      }
    }
  }

  /** The documents {@code collection} held at the end, as the results list them. */
  private static long documents(JsonObject results, String collection) {
    return results.getJsonArray("storeCollections").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("collection").equals(collection))
        .mapToLong(c -> c.getJsonNumber("documents").longValue())
        .findFirst()
        .orElse(-1);
  }
}
