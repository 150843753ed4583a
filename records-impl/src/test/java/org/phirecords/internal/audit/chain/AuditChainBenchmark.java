package org.phirecords.internal.audit.chain;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

/**
 * Prints what the hash chain costs against a plain insert of the same events, in the same run on
 * the same store (in-process mongo-java-server), at 1 and 16 concurrent writers, and how fast a
 * chain verifies against a plain scan. Run with {@code scripts/bench-audit.sh}. Not a test.
 */
public final class AuditChainBenchmark {
  private static final int EVENTS = 4_000;

  private AuditChainBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    try (StoreFixture fixture = new StoreFixture();
        var client =
            com.mongodb.client.MongoClients.create(
                "mongodb://"
                    + fixture.auditServer.getLocalAddress().getHostString()
                    + ":"
                    + fixture.auditServer.getLocalAddress().getPort())) {
      Caller caller = StoreFixture.staff("bench-tenant", Role.PHYSICIAN);
      // The baseline: the same documents, journaled the same way, without the chain.
      MongoCollection<Document> plain =
          client
              .getDatabase("phi_audit")
              .getCollection("plain_events")
              .withWriteConcern(com.mongodb.WriteConcern.MAJORITY.withJournal(true));
      // Warm-up of both paths.
      run(
          16,
          1_000,
          () ->
              fixture.audit.record(
                  caller,
                  AuditAction.READ,
                  ResourceType.PATIENT,
                  "r",
                  "p",
                  AuditOutcome.SUCCESS,
                  "Bench.warm",
                  1));
      run(16, 1_000, () -> plain.insertOne(plainEvent()));
      System.out.println("Audit append, events per second (same store, same run):");
      for (int threads : new int[] {1, 16}) {
        double base = run(threads, EVENTS, () -> plain.insertOne(plainEvent()));
        double chained =
            run(
                threads,
                EVENTS,
                () ->
                    fixture.audit.record(
                        caller,
                        AuditAction.READ,
                        ResourceType.PATIENT,
                        "r",
                        "p",
                        AuditOutcome.SUCCESS,
                        "Bench.read",
                        1));
        System.out.printf(
            "  %2d writer(s): plain insert %8.0f/s, hash-chained %8.0f/s, ratio %.2f%n",
            threads, base, chained, chained / base);
      }
      // Passes interleaved, medians reported: one pass of each is at the mercy of this machine.
      MongoCollection<Document> log = fixture.collections.auditLog();
      Document chain = new Document("tenantId", "bench-tenant");
      Document bounded =
          new Document(chain)
              .append("seq", new Document("$gte", 1L).append("$lte", Long.MAX_VALUE));
      List<Double> scans = new ArrayList<>();
      List<Double> boundedScans = new ArrayList<>();
      List<Double> verifications = new ArrayList<>();
      long checked = 0;
      for (int pass = 0; pass < 9; pass++) {
        scans.add(scanRate(log, chain));
        boundedScans.add(scanRate(log, bounded));
        long t1 = System.nanoTime();
        var result = fixture.audit.verifier().verify("bench-tenant", null, null);
        if (!result.valid()) {
          throw new IllegalStateException("the benchmark chain does not verify");
        }
        checked = result.checked();
        verifications.add(checked / ((System.nanoTime() - t1) / 1e9));
      }
      double scan = median(scans);
      System.out.printf(
          "Verification of %d events, median of 9 interleaved passes: %.0f events/s; plain sorted"
              + " scan %.0f/s; the same scan with a seq range %.0f/s (%.2f); verification %.2f%n",
          checked,
          median(verifications),
          scan,
          median(boundedScans),
          median(boundedScans) / scan,
          median(verifications) / scan);
    }
  }

  /** Events per second of one sorted read of the events {@code filter} selects. */
  private static double scanRate(MongoCollection<Document> log, Document filter) {
    long t0 = System.nanoTime();
    long scanned = 0;
    for (Document ignored : log.find(filter).sort(new Document("seq", 1)).batchSize(1000)) {
      scanned++;
    }
    return scanned / ((System.nanoTime() - t0) / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static Document plainEvent() {
    return new Document("_id", UUID.randomUUID().toString())
        .append("tenantId", "bench-plain")
        .append("occurredAt", new Date())
        .append("subject", "user")
        .append("action", "READ")
        .append("resourceType", "PATIENT")
        .append("resourceId", "r")
        .append("patientId", "p")
        .append("outcome", "SUCCESS")
        .append("operation", "Bench.read");
  }

  private static double run(int threads, int total, Runnable op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < total / threads; i++) {
                    op.run();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
