package org.phirecords.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.phirecords.dev.DevTokens;

/**
 * The synthetic data of a run, loaded twice with the same values: through the secured API (as a
 * client would, so it passes every rule: encryption, audit) and through the baseline WAR.
 */
final class DataSet {
  /** One tenant's share: ids and MRNs on each side, tokens of its users. */
  static final class Tenant {
    final String id;
    final String physician;
    final String billing;
    final List<String> securedIds = Collections.synchronizedList(new ArrayList<>());
    final List<String> baselineIds = Collections.synchronizedList(new ArrayList<>());
    final List<String> mrns = Collections.synchronizedList(new ArrayList<>());

    /** Up to 200 patient users of this tenant: {record id, their token}. */
    final List<String[]> patientLogins = Collections.synchronizedList(new ArrayList<>());

    Tenant(String id, DevTokens tokens) {
      this.id = id;
      physician = tokens.mint("bench-physician-" + id, "physician", id, null);
      billing = tokens.mint("bench-billing-" + id, "billing", id, null);
    }

    /** A patient written by the bulk loader: secured side only, no baseline twin, no login. */
    synchronized void addImported(String patientId, String mrn) {
      securedIds.add(patientId);
      mrns.add(mrn);
    }
  }

  final List<Tenant> tenants = new ArrayList<>();
  private final Http http;
  private final DevTokens tokens;
  private final int entriesPerPatient;
  private final AtomicLong loaded = new AtomicLong();

  DataSet(Http http, DevTokens tokens, int tenantCount, int entriesPerPatient) throws Exception {
    this.http = http;
    this.tokens = tokens;
    this.entriesPerPatient = entriesPerPatient;
    String admin = tokens.mint("bench-platform-admin", "platform-admin", null, null);
    for (int t = 0; t < tenantCount; t++) {
      String id = "bench-" + t;
      http.ok(
          "POST",
          "/tenant-admin/api/tenants",
          admin,
          "{\"id\":\""
              + id
              + "\",\"displayName\":\"Bench "
              + t
              + "\",\"contact\":\"privacy@bench.example\",\"residency\":\"local\","
              + "\"firstAdmin\":\"bench-admin\"}");
      tenants.add(new Tenant(id, tokens));
    }
  }

  int patients() {
    return tenants.stream().mapToInt(t -> t.securedIds.size()).sum();
  }

  /** Adds one patient: number {@code index} (MRN "B" + index) of {@code tenant}. */
  interface Adder {
    void add(Tenant tenant, int index, SyntheticData data) throws Exception;
  }

  /** Adds patients through the API until there are {@code total}. */
  void growTo(int total, int threads) throws Exception {
    growTo(total, threads, "loading patients", this::load);
  }

  /**
   * Adds patients with {@code adder} until there are {@code total}, round-robin over the tenants,
   * on {@code threads} workers each with its own synthetic data, with a progress bar.
   */
  void growTo(int total, int threads, String what, Adder adder) throws Exception {
    int start = patients();
    if (total <= start) {
      return;
    }
    Progress progress = new Progress(what, total - start);
    onWorkers(
        threads,
        start,
        (worker, data) -> {
          for (int i = start + worker; i < total; i += threads) {
            adder.add(tenants.get(i % tenants.size()), i, data);
            progress.step();
          }
        });
  }

  /** The work of one worker, numbered from 0, with its own synthetic data. */
  private interface Worker {
    void run(int worker, SyntheticData data) throws Exception;
  }

  /**
   * Runs {@code body} on {@code threads} workers (data seeded from {@code seed}); waits for all.
   */
  private static void onWorkers(int threads, int seed, Worker body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        jobs.add(
            pool.submit(
                () -> {
                  body.run(worker, new SyntheticData(31L * (seed + worker) + 7));
                  return null;
                }));
      }
      for (Future<?> job : jobs) {
        job.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Patients {@code indexes} of {@code tenant}, added in one call. */
  private record Batch(Tenant tenant, List<Integer> indexes) {}

  /** Adds patients {@code indexes} (MRN "B" + index) of {@code tenant} in one call. */
  interface BatchAdder {
    void add(Tenant tenant, List<Integer> indexes, SyntheticData data) throws Exception;
  }

  /**
   * Adds patients with {@code adder} until there are {@code total}, in batches of up to {@code
   * size} patients of one tenant (patient {@code i} of tenant {@code i % tenants}), on {@code
   * threads} workers each with its own synthetic data, with a progress bar.
   */
  void growInBatches(int total, int threads, int size, String what, BatchAdder adder)
      throws Exception {
    int start = patients();
    if (total <= start) {
      return;
    }
    java.util.Queue<Batch> batches = new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int t = 0; t < tenants.size(); t++) {
      List<Integer> batch = new ArrayList<>();
      for (int i = start + Math.floorMod(t - start, tenants.size());
          i < total;
          i += tenants.size()) {
        batch.add(i);
        if (batch.size() == size) {
          batches.add(new Batch(tenants.get(t), batch));
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        batches.add(new Batch(tenants.get(t), batch));
      }
    }
    Progress progress = new Progress(what, total - start);
    onWorkers(
        threads,
        start,
        (worker, data) -> {
          for (Batch next = batches.poll(); next != null; next = batches.poll()) {
            adder.add(next.tenant(), next.indexes(), data);
            progress.step(next.indexes().size());
          }
        });
  }

  private void load(Tenant tenant, int index, SyntheticData data) throws Exception {
    String mrn = "B" + index;
    String patient = data.patient(mrn);
    String secured =
        Http.id(http.ok("POST", "/records-web/api/patients", tenant.physician, patient));
    String baseline = Http.id(http.ok("POST", "/bench-baseline/api/patients", null, patient));
    for (int e = 0; e < entriesPerPatient; e++) {
      String entry = data.entry(e);
      http.ok("POST", "/records-web/api/patients/" + secured + "/entries", tenant.physician, entry);
      http.ok("POST", "/bench-baseline/api/patients/" + baseline + "/entries", null, entry);
    }
    boolean login;
    synchronized (tenant) {
      tenant.securedIds.add(secured);
      tenant.baselineIds.add(baseline);
      tenant.mrns.add(mrn);
      login = tenant.patientLogins.size() < 200;
    }
    if (login) {
      // A patient user reaches a record only once linked to it (ADR 17): invite, then redeem.
      String token = tokens.mint("bench-patient-" + secured, "patient", tenant.id, null);
      String invited =
          http.ok(
              "POST",
              "/records-web/api/patients/" + secured + "/invitations",
              tenant.physician,
              null);
      String code = invited.replaceAll("(?s).*\"code\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      http.ok("POST", "/records-web/api/portal/link", token, "{\"code\":\"" + code + "\"}");
      synchronized (tenant) {
        tenant.patientLogins.add(new String[] {secured, token});
      }
    }
    loaded.incrementAndGet();
  }

  /** A progress bar, one line every tenth of the way. */
  static final class Progress {
    private final String what;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final long started = System.nanoTime();

    Progress(String what, long total) {
      this.what = what;
      this.total = total;
    }

    void step() {
      step(1);
    }

    /** {@code count} more done: a line whenever another tenth of the way is passed. */
    void step(long count) {
      long n = done.addAndGet(count);
      long tenth = Math.max(1, total / 10);
      if (n / tenth != (n - count) / tenth || n == total) {
        int width = 40;
        int filled = (int) (width * n / total);
        double rate = n / ((System.nanoTime() - started) / 1e9);
        BenchRun.OUT.info(
            String.format(
                "%s [%s%s] %d/%d (%.0f/s)",
                what, "#".repeat(filled), " ".repeat(width - filled), n, total, rate));
      }
    }
  }
}
