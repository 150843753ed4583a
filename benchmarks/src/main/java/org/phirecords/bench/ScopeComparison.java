package org.phirecords.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scoped callers of the organised tenant against the flat tenants' callers (mapped roles, no
 * grants: the module's secured side) in the same run, on the reading scenarios issue 23 names:
 * physician reads a record, billing reads the view, lookup by MRN. Before measuring, every scoped
 * caller reads one patient in its reach (200) and one outside it (404 as for a missing record), so
 * that a run whose scope were not applied, or applied wrongly, says so.
 */
final class ScopeComparison {
  /** The scenarios compared. */
  static final Set<String> SCENARIOS =
      Set.of("physician-reads-record", "billing-reads-view", "lookup-by-mrn");

  private static final String API = "/records-web/api";

  private final Http http;
  private final OrganisedTenant tenant;
  private final Scenarios flat;
  private final ProfiledStore store;
  private final List<OrganisedTenant.Caller> callers = new ArrayList<>();
  private final List<List<Integer>> reach = new ArrayList<>();

  ScopeComparison(Http http, OrganisedTenant tenant, Scenarios flat, ProfiledStore store) {
    this.http = http;
    this.tenant = tenant;
    this.flat = flat;
    this.store = store;
    for (OrganisedTenant.Caller c : tenant.callers) {
      List<Integer> in = tenant.reach(c);
      if (!in.isEmpty()) {
        callers.add(c);
        reach.add(in);
      }
    }
    if (callers.isEmpty()) {
      throw new IllegalStateException("no scoped caller reaches a patient: load more patients");
    }
  }

  /** One scoped operation of {@code scenario}: a random caller, a random patient in its reach. */
  LoadDriver.Operation scoped(String scenario) {
    return random -> {
      int c = random.nextInt(callers.size());
      OrganisedTenant.Caller caller = callers.get(c);
      List<Integer> in = reach.get(c);
      int p = in.get(random.nextInt(in.size()));
      String id = tenant.ids.get(p);
      switch (scenario) {
        case "physician-reads-record" -> {
          http.ok("GET", API + "/patients/" + id, caller.physician(), null);
          http.ok("GET", API + "/patients/" + id + "/entries", caller.physician(), null);
        }
        case "billing-reads-view" ->
            http.ok("GET", API + "/billing/patients/" + id, caller.billing(), null);
        case "lookup-by-mrn" -> {
          String found =
              http.ok(
                  "POST",
                  API + "/patients/search",
                  caller.physician(),
                  "{\"mrn\":\"" + tenant.mrns.get(p) + "\"}");
          if (!found.contains(id)) {
            throw new IllegalStateException("a patient in reach was not found by MRN");
          }
        }
        default -> throw new IllegalArgumentException(scenario);
      }
    };
  }

  /**
   * Each scoped caller's answers for one patient in its reach and one outside it, as physician
   * (record, lookup by MRN) and billing (view): {@code inReach} counts statuses of the first,
   * {@code outOfReach} of the second (a lookup answered without the patient is counted apart).
   */
  JsonObject probe() throws Exception {
    Map<String, Integer> inReach = new TreeMap<>();
    Map<String, Integer> outOfReach = new TreeMap<>();
    for (int c = 0; c < callers.size(); c++) {
      OrganisedTenant.Caller caller = callers.get(c);
      int in = reach.get(c).get(0);
      count(inReach, read(caller, in));
      int out = tenant.outside(caller);
      if (out >= 0) {
        count(outOfReach, read(caller, out));
      }
    }
    JsonObjectBuilder in = Json.createObjectBuilder();
    inReach.forEach(in::add);
    JsonObjectBuilder out = Json.createObjectBuilder();
    outOfReach.forEach(out::add);
    return Json.createObjectBuilder()
        .add("callers", callers.size())
        .add("inReach", in)
        .add("outOfReach", out)
        .build();
  }

  /** The statuses of a caller's three reads of patient {@code p}. */
  private List<String> read(OrganisedTenant.Caller caller, int p) throws Exception {
    String id = tenant.ids.get(p);
    List<String> statuses = new ArrayList<>();
    statuses.add(status(http.send("GET", API + "/patients/" + id, caller.physician(), null)));
    statuses.add(status(http.send("GET", API + "/billing/patients/" + id, caller.billing(), null)));
    HttpResponse<String> lookup =
        http.send(
            "POST",
            API + "/patients/search",
            caller.physician(),
            "{\"mrn\":\"" + tenant.mrns.get(p) + "\"}");
    statuses.add(
        lookup.statusCode() == 200 && !lookup.body().contains(id)
            ? "200 without the patient"
            : status(lookup));
    return statuses;
  }

  private static String status(HttpResponse<String> r) {
    return r.statusCode() == 404 && r.body().contains("PHR-404-01")
        ? "404 PHR-404-01"
        : String.valueOf(r.statusCode());
  }

  private static void count(Map<String, Integer> counts, List<String> statuses) {
    statuses.forEach(s -> counts.merge(s, 1, Integer::sum));
  }

  /** Runs every scoped operation unmeasured for {@code seconds} (compiling its code paths). */
  void warmUp(List<String> scenarios, double seconds) throws InterruptedException {
    for (String s : scenarios) {
      LoadDriver.Result r = LoadDriver.run(scoped(s), 8, 0, seconds);
      if (r.errors() > 0) {
        throw new IllegalStateException(s + " fails for scoped callers while warming up");
      }
    }
  }

  /**
   * Measures flat then scoped callers for each scenario and concurrency, with the store quiet
   * before each; a row per pair.
   */
  JsonArrayBuilder measure(List<String> scenarios, int[] concurrency, double warmup, double seconds)
      throws InterruptedException {
    JsonArrayBuilder rows = Json.createArrayBuilder();
    for (String s : scenarios) {
      for (int c : concurrency) {
        JsonObject flatSide = side(flat.operation(s, Scenarios.Side.SECURED), c, warmup, seconds);
        JsonObject scopedSide = side(scoped(s), c, warmup, seconds);
        double f = flatSide.getJsonNumber("throughput").doubleValue();
        double sc = scopedSide.getJsonNumber("throughput").doubleValue();
        double ratio = f > 0 ? Math.round(sc / f * 1000) / 1000.0 : -1;
        rows.add(
            Json.createObjectBuilder()
                .add("scenario", s)
                .add("concurrency", c)
                .add("flat", flatSide)
                .add("scoped", scopedSide)
                .add("scopedToFlat", ratio));
        BenchRun.OUT.info(
            String.format(
                "%-28s c=%-3d flat %8.1f/s p99 %7.1f ms  scoped %8.1f/s p99 %7.1f ms"
                    + "  scoped/flat %.2f  store commands/op flat %.1f scoped %.1f",
                s,
                c,
                f,
                flatSide.getJsonNumber("p99Millis").doubleValue(),
                sc,
                scopedSide.getJsonNumber("p99Millis").doubleValue(),
                ratio,
                flatSide.getJsonNumber("storeCommandsPerOperation").doubleValue(),
                scopedSide.getJsonNumber("storeCommandsPerOperation").doubleValue()));
      }
    }
    return rows;
  }

  private JsonObject side(LoadDriver.Operation op, int c, double warmup, double seconds)
      throws InterruptedException {
    long[] before = new long[1];
    LoadDriver.Result r =
        LoadDriver.run(op, c, warmup, seconds, () -> before[0] = store.commands());
    // The commands of the side's asynchronous work (audit observers) count too: until quiet.
    Duration busy = store.awaitQuiet(Duration.ofMinutes(10));
    long commands = store.commands() - before[0];
    JsonObjectBuilder kinds = Json.createObjectBuilder();
    r.errorKinds().forEach(kinds::add);
    return Json.createObjectBuilder()
        .add("operations", r.operations())
        .add("errors", r.errors())
        .add("errorKinds", kinds)
        .add("throughput", round(r.throughput()))
        .add("p50Millis", round(r.p50Millis()))
        .add("p99Millis", round(r.p99Millis()))
        .add(
            "storeCommandsPerOperation",
            r.operations() == 0 ? -1 : round((double) commands / r.operations()))
        .add("storeBusyAfterSeconds", round(busy.toMillis() / 1000.0))
        .build();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
