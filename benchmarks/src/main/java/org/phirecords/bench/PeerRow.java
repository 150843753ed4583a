package org.phirecords.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the comparison: a scenario at a concurrency, each side's figures, the ratios. */
final class PeerRow {
  private final JsonObjectBuilder row;
  private final Map<String, Double> throughput = new LinkedHashMap<>();
  private final Map<String, Double> cpu = new LinkedHashMap<>();
  private final Map<String, JsonObjectBuilder> sides = new LinkedHashMap<>();

  PeerRow(PeerComparison.Scenario s, int concurrency) {
    row = Json.createObjectBuilder().add("scenario", s.name()).add("concurrency", concurrency);
  }

  /** Measures a HAPI side: its process's CPU, and when secured its audit events per operation. */
  void side(String key, LoadDriver.Operation op, PeerSide peer, int c, BenchRun.Options o)
      throws Exception {
    ProcessHandle process = peer.server.process();
    long[] audit = new long[2];
    long[] cpuStart = new long[1];
    LoadDriver.Result r =
        LoadDriver.run(
            op,
            c,
            o.warmup(),
            o.seconds(),
            () -> {
              cpuStart[0] = cpuNanos(process);
              audit[0] = auditEvents(peer);
            });
    long cpuEnd = cpuNanos(process);
    audit[1] = auditEvents(peer);
    double micros =
        r.operations() == 0 || cpuStart[0] < 0 || cpuEnd < 0
            ? -1
            : (cpuEnd - cpuStart[0]) / 1e3 / r.operations();
    double perOperation =
        peer.server.secured() && r.operations() > 0
            ? (double) (audit[1] - audit[0]) / r.operations()
            : -1;
    side(key, r, micros, perOperation);
  }

  void side(String key, LoadDriver.Result r, double cpuMicros, double auditPerOperation) {
    JsonObjectBuilder errors = Json.createObjectBuilder();
    r.errorKinds().forEach(errors::add);
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("operations", r.operations())
            .add("errors", r.errors())
            .add("errorKinds", errors)
            .add("throughput", PeerComparison.r3(r.throughput()))
            .add("p50Millis", PeerComparison.r3(r.p50Millis()))
            .add("p99Millis", PeerComparison.r3(r.p99Millis()))
            .add("cpuMicrosPerOperation", PeerComparison.r3(cpuMicros));
    if (auditPerOperation >= 0) {
      b.add("auditEventsPerOperation", PeerComparison.r3(auditPerOperation));
    }
    sides.put(key, b);
    throughput.put(key, r.throughput());
    cpu.put(key, cpuMicros);
  }

  JsonObject build() {
    sides.forEach(row::add);
    row.add("securedToHapiSecured", ratio(throughput, "secured", "hapiSecured"));
    row.add("securedToHapiBare", ratio(throughput, "secured", "hapiBare"));
    row.add("hapiSecuredToHapiBare", ratio(throughput, "hapiSecured", "hapiBare"));
    // CPU an operation costs the module (Payara and store) over what it costs HAPI secured.
    row.add("cpuPerOperationSecuredToHapiSecured", ratio(cpu, "secured", "hapiSecured"));
    return row.build();
  }

  private static double ratio(Map<String, Double> values, String a, String b) {
    double x = values.get(a);
    double y = values.get(b);
    return x > 0 && y > 0 ? PeerComparison.r3(x / y) : -1;
  }

  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static long auditEvents(PeerSide peer) {
    try {
      return peer.server.secured() ? peer.server.auditEvents(peer.http) : 0;
    } catch (Exception e) {
      throw new IllegalStateException("cannot count the peer's audit events", e);
    }
  }
}
