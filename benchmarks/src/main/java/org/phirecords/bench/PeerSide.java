package org.phirecords.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.phirecords.dev.DevTokens;

/**
 * One HAPI server as a side of the peer comparison: its tenants' partitions (secured), the same
 * number of patients and entries as each of the module's tenants holds, and the three operations.
 * Secured, every request carries the tenant physician's token, as on the module's side.
 */
final class PeerSide {
  final PeerServer server;
  final Http http;
  private final DataSet data;

  /** Per tenant of {@link DataSet#tenants}: the server's patient ids, aligned with the MRNs. */
  private final List<String[]> ids = new ArrayList<>();

  private final List<List<String>> mrns = new ArrayList<>();
  private final AtomicLong created = new AtomicLong();

  PeerSide(PeerServer server, DataSet data) {
    this.server = server;
    this.http = new Http(server.base());
    this.data = data;
    for (DataSet.Tenant t : data.tenants) {
      List<String> m = List.copyOf(t.mrns);
      mrns.add(m);
      ids.add(new String[m.size()]);
    }
  }

  /** Secured: one partition per tenant, named as the tenant, created by a platform admin. */
  void onboard(DevTokens tokens) throws Exception {
    if (!server.secured()) {
      return;
    }
    String admin = tokens.mint("bench-platform-admin", "platform-admin", null, null);
    for (int i = 0; i < data.tenants.size(); i++) {
      http.ok(
          "POST",
          "/fhir/DEFAULT/$partition-management-create-partition",
          admin,
          """
          {"resourceType":"Parameters","parameter":[{"name":"id","valueInteger":%d},
           {"name":"name","valueCode":"%s"}]}
          """
              .formatted(i + 1, data.tenants.get(i).id));
    }
  }

  /**
   * Loads each tenant's patients (the module's MRNs, fresh synthetic people), each with {@code
   * entries} entries, one transaction per patient, on {@code threads} workers.
   */
  void load(int entries, int threads) throws Exception {
    int total = mrns.stream().mapToInt(List::size).sum();
    DataSet.Progress progress =
        new DataSet.Progress(
            "loading HAPI " + (server.secured() ? "secured" : "bare"), Math.max(1, total));
    List<int[]> work = new ArrayList<>();
    for (int t = 0; t < mrns.size(); t++) {
      for (int k = 0; k < mrns.get(t).size(); k++) {
        work.add(new int[] {t, k});
      }
    }
    AtomicLong next = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int worker = w;
      Thread thread =
          new Thread(
              () -> {
                SyntheticData synthetic = new SyntheticData(977L * worker + 5);
                Random random = new Random(worker);
                try {
                  for (long i = next.getAndIncrement();
                      i < work.size();
                      i = next.getAndIncrement()) {
                    int[] at = work.get((int) i);
                    DataSet.Tenant tenant = data.tenants.get(at[0]);
                    String bundle =
                        FhirResources.transaction(
                            synthetic.patientData(mrns.get(at[0]).get(at[1])), entries, random);
                    String answer = http.ok("POST", server.fhir(tenant.id), token(tenant), bundle);
                    ids.get(at[0])[at[1]] = FhirResources.createdPatientId(answer);
                    progress.step();
                  }
                } catch (Exception e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      thread.start();
      workers.add(thread);
    }
    for (Thread t : workers) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("loading the HAPI peer failed", failures.get(0));
    }
  }

  /** One operation of {@code scenario} on a random tenant and patient. */
  LoadDriver.Operation operation(String scenario, SyntheticData synthetic) {
    return random -> {
      int t = random.nextInt(data.tenants.size());
      DataSet.Tenant tenant = data.tenants.get(t);
      int k = random.nextInt(mrns.get(t).size());
      String base = server.fhir(tenant.id);
      switch (scenario) {
        case "read-patient" ->
            http.ok("GET", base + "/Patient/" + ids.get(t)[k], token(tenant), null);
        case "search-by-identifier" -> {
          String found = http.ok("GET", search(base, mrns.get(t).get(k)), token(tenant), null);
          if (!found.contains("/Patient/" + ids.get(t)[k] + "\"")) {
            throw new IllegalStateException("the patient was not found by identifier");
          }
        }
        case "create-patient" ->
            http.ok(
                "POST",
                base + "/Patient",
                token(tenant),
                FhirResources.patient(synthetic.patientData(newMrn(random))).toString());
        default -> throw new IllegalArgumentException(scenario);
      }
    };
  }

  /** A patient id of tenant {@code t}, the {@code k}th. */
  String id(int t, int k) {
    return ids.get(t)[k];
  }

  long created() {
    return created.get();
  }

  private String newMrn(ThreadLocalRandom random) {
    return "H" + created.incrementAndGet() + "-" + random.nextInt(1_000_000);
  }

  static String search(String base, String mrn) {
    return base
        + "/Patient?identifier="
        + URLEncoder.encode(FhirResources.MRN_SYSTEM + "|" + mrn, StandardCharsets.UTF_8);
  }

  private String token(DataSet.Tenant tenant) {
    return server.secured() ? tenant.physician : null;
  }
}
