package org.phirecords.internal.audit;

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
      long events =
          fixture.collections.auditLog().countDocuments(new Document("tenantId", "bench-tenant"));
      long t0 = System.nanoTime();
      long scanned = 0;
      for (Document d :
          fixture
              .collections
              .auditLog()
              .find(new Document("tenantId", "bench-tenant"))
              .sort(new Document("seq", 1))
              .batchSize(1000)) {
        scanned++;
      }
      double scanRate = scanned / ((System.nanoTime() - t0) / 1e9);
      long t1 = System.nanoTime();
      var result = fixture.audit.verifier().verify("bench-tenant", null, null);
      double verifyRate = result.checked() / ((System.nanoTime() - t1) / 1e9);
      System.out.printf(
          "Verification of %d events: %.0f events/s (valid=%s); plain sorted scan %.0f/s; ratio %.2f%n",
          result.checked(), verifyRate, result.valid(), scanRate, verifyRate / scanRate);
    }
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
