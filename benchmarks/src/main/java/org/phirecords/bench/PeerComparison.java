package org.phirecords.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.phirecords.dev.DevTokens;
import org.phirecords.dev.LocalHttp;

/**
 * The module against a peer a user would pick instead, HAPI FHIR's JPA server (ADR 33), in the same
 * run: HAPI bare and HAPI secured (authorization from the same tokens, a partition per tenant, BALP
 * audit events stored before the answer), each in a JVM of its own on H2 in memory, loaded with as
 * many patients and entries per tenant as the module holds, and driven by the same load driver on
 * three scenarios at each concurrency, the module's secured side first.
 */
final class PeerComparison {
  /** A compared scenario: what HAPI is asked, and the module's request it is matched with. */
  record Scenario(String name, String hapi, String module) {}

  static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario(
              "read-patient",
              "GET /fhir/{tenant}/Patient/{id}",
              "GET /records-web/api/patients/{id} (the first of physician-reads-record's two"
                  + " requests)"),
          new Scenario(
              "search-by-identifier",
              "GET /fhir/{tenant}/Patient?identifier=urn:phi-records:mrn|{mrn}",
              "POST /records-web/api/patients/search {mrn} (lookup-by-mrn)"),
          new Scenario(
              "create-patient",
              "POST /fhir/{tenant}/Patient",
              "POST /records-web/api/patients (a new patient; the main table's"
                  + " physician-creates-encounter adds an entry instead)"));

  /** The module's running side: its API, data, tokens, key, Payara process and store. */
  record Module(
      Http http,
      DataSet data,
      DevTokens tokens,
      Path publicKey,
      ProcessHandle payara,
      ProfiledStore store) {}

  private static final String API = "/records-web/api";

  private final Module module;
  private final SyntheticData synthetic = new SyntheticData(4242);
  private final AtomicLong created = new AtomicLong();

  private PeerComparison(Module module) {
    this.module = module;
  }

  /** Starts both HAPI sides, loads, probes, measures; the servers are stopped on return. */
  static JsonObject run(Module module, BenchRun.Options o, Path work) throws Exception {
    return new PeerComparison(module).measure(o, work);
  }

  private JsonObject measure(BenchRun.Options o, Path work) throws Exception {
    BenchRun.OUT.info("Starting the HAPI FHIR peer, bare and secured (logs: " + work + ") ...");
    try (PeerServer bareServer = new PeerServer(false, LocalHttp.freePort(), null, work, "1g");
        PeerServer securedServer =
            new PeerServer(true, LocalHttp.freePort(), module.publicKey(), work, "1g")) {
      bareServer.awaitReady(Duration.ofMinutes(10));
      securedServer.awaitReady(Duration.ofMinutes(10));
      PeerSide bare = new PeerSide(bareServer, module.data());
      PeerSide secured = new PeerSide(securedServer, module.data());
      secured.onboard(module.tokens());
      long started = System.nanoTime();
      bare.load(o.entries(), 8);
      double bareLoad = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      secured.load(o.entries(), 8);
      double securedLoad = (System.nanoTime() - started) / 1e9;
      JsonObject probe = PeerProbe.probe(secured, module.data());
      BenchRun.OUT.info("HAPI secured probe: " + probe);

      Map<String, LoadDriver.Operation> ours = new LinkedHashMap<>();
      Map<String, LoadDriver.Operation> hapiBare = new LinkedHashMap<>();
      Map<String, LoadDriver.Operation> hapiSecured = new LinkedHashMap<>();
      for (Scenario s : SCENARIOS) {
        ours.put(s.name(), ours(s.name()));
        hapiBare.put(s.name(), bare.operation(s.name(), synthetic));
        hapiSecured.put(s.name(), secured.operation(s.name(), synthetic));
      }
      warmUp(List.of(ours, hapiBare, hapiSecured), o.jitWarmup());

      JsonArrayBuilder rows = Json.createArrayBuilder();
      for (Scenario s : SCENARIOS) {
        for (int c : o.concurrency()) {
          PeerRow row = new PeerRow(s, c);
          CpuMeter moduleCpu = new CpuMeter(module.payara(), module.store());
          LoadDriver.Result r =
              LoadDriver.run(ours.get(s.name()), c, o.warmup(), o.seconds(), moduleCpu::start);
          CpuMeter.PerOperation used = moduleCpu.stop(r.operations());
          row.side("secured", r, used.payaraMicros() + used.storeMicros(), -1);
          module.store().awaitQuiet(Duration.ofMinutes(10));
          row.side("hapiBare", hapiBare.get(s.name()), bare, c, o);
          row.side("hapiSecured", hapiSecured.get(s.name()), secured, c, o);
          JsonObject built = row.build();
          rows.add(built);
          BenchRun.OUT.info(summaryLine(built));
        }
      }
      return Json.createObjectBuilder()
          .add("peer", "HAPI FHIR JPA server (hapi-fhir-jpaserver-base 8.8.0), R4, on Jetty 12")
          .add(
              "stores",
              Json.createObjectBuilder()
                  .add(
                      "secured",
                      "mongo-java-server, in-memory backend, in the load driver's JVM (the main"
                          + " table's store)")
                  .add("hapi", "H2 2.3.232 in memory (jdbc:h2:mem), inside each HAPI JVM"))
          .add("heap", "1g for Payara and for each HAPI JVM")
          .add("tenants", module.data().tenants.size())
          .add("patientsPerSide", module.data().patients())
          .add("entriesPerPatient", o.entries())
          .add(
              "hapiLoadSeconds",
              Json.createObjectBuilder().add("bare", r3(bareLoad)).add("secured", r3(securedLoad)))
          .add("matching", matching())
          .add("probe", probe)
          .add("scenarios", rows)
          .add("securedPatientsCreated", created.get())
          .build();
    }
  }

  /** One operation of {@code scenario} on the module's secured side, as a tenant's physician. */
  private LoadDriver.Operation ours(String scenario) {
    return random -> {
      DataSet.Tenant t = module.data().tenants.get(random.nextInt(module.data().tenants.size()));
      int i = random.nextInt(t.mrns.size());
      Http http = module.http();
      switch (scenario) {
        case "read-patient" ->
            http.ok("GET", API + "/patients/" + t.securedIds.get(i), t.physician, null);
        case "search-by-identifier" -> {
          String found =
              http.ok(
                  "POST",
                  API + "/patients/search",
                  t.physician,
                  "{\"mrn\":\"" + t.mrns.get(i) + "\"}");
          if (!found.contains(t.securedIds.get(i))) {
            throw new IllegalStateException("the patient was not found by MRN");
          }
        }
        case "create-patient" ->
            http.ok(
                "POST",
                API + "/patients",
                t.physician,
                synthetic.patient(
                    "C" + created.incrementAndGet() + "-" + random.nextInt(1_000_000)));
        default -> throw new IllegalArgumentException(scenario);
      }
    };
  }

  /** Every reading scenario on every side, unmeasured, as BenchRun warms the main sides up. */
  private static void warmUp(List<Map<String, LoadDriver.Operation>> sides, double seconds)
      throws InterruptedException {
    if (seconds <= 0) {
      return;
    }
    for (Map<String, LoadDriver.Operation> side : sides) {
      for (String scenario : List.of("read-patient", "search-by-identifier")) {
        LoadDriver.Result r = LoadDriver.run(side.get(scenario), 8, 0, seconds);
        if (r.errors() > 0) {
          throw new IllegalStateException(
              scenario + " fails while warming up the peer comparison: " + r.errorKinds());
        }
      }
    }
  }

  private static jakarta.json.JsonArray matching() {
    JsonArrayBuilder b = Json.createArrayBuilder();
    for (Scenario s : SCENARIOS) {
      b.add(
          Json.createObjectBuilder()
              .add("scenario", s.name())
              .add("hapi", s.hapi())
              .add("module", s.module()));
    }
    return b.build();
  }

  static String summaryLine(JsonObject row) {
    return String.format(
        "peer %-22s c=%-3d secured %8.1f/s  hapi-bare %8.1f/s  hapi-secured %8.1f/s"
            + "  secured/hapi-secured %.2f  CPU us/op secured %.0f, hapi-secured %.0f",
        row.getString("scenario"),
        row.getInt("concurrency"),
        row.getJsonObject("secured").getJsonNumber("throughput").doubleValue(),
        row.getJsonObject("hapiBare").getJsonNumber("throughput").doubleValue(),
        row.getJsonObject("hapiSecured").getJsonNumber("throughput").doubleValue(),
        row.getJsonNumber("securedToHapiSecured").doubleValue(),
        row.getJsonObject("secured").getJsonNumber("cpuMicrosPerOperation").doubleValue(),
        row.getJsonObject("hapiSecured").getJsonNumber("cpuMicrosPerOperation").doubleValue());
  }

  /** The console lines of a results file's peer section. */
  static String summary(JsonObject peer) {
    StringBuilder b = new StringBuilder();
    for (JsonObject row : peer.getJsonArray("scenarios").getValuesAs(JsonObject.class)) {
      b.append(summaryLine(row)).append(System.lineSeparator());
    }
    return b.toString();
  }

  /**
   * The chart's panel of a results file's peer section at {@code concurrency}: per peer scenario,
   * PHI Records secured over HAPI secured in throughput, against the target of 1.0.
   */
  static Chart.Panel chartPanel(JsonObject peer, int concurrency) {
    Map<String, double[]> ratios = new LinkedHashMap<>();
    for (JsonObject row : peer.getJsonArray("scenarios").getValuesAs(JsonObject.class)) {
      if (row.getInt("concurrency") == concurrency) {
        ratios.put(
            "peer " + row.getString("scenario"),
            new double[] {row.getJsonNumber("securedToHapiSecured").doubleValue()});
      }
    }
    return new Chart.Panel(
        "Secured throughput / HAPI FHIR secured's (target: 1.0, aim 2.0)",
        "ratio",
        ratios,
        false,
        1.0);
  }

  static double r3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
