package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Sorts.descending;
import static com.mongodb.client.model.Sorts.orderBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.TenantId;

/**
 * Prints what reading one patient's clinical entries costs on the embedded store (in-process
 * mongo-java-server, which scans for this query) through a tenant-scoped handle, against the same
 * filter with the tenant named first (the handle's form before 7a75997) and against an unscoped
 * query of the same documents without a tenant: all in one run. Run with {@code
 * scripts/bench-scan.sh}. Not a test.
 */
public final class ScopedScanBenchmark {
  private static final int TENANTS = 4;
  private static final int PATIENTS = 2_000;
  private static final int ENTRIES = 3;
  private static final int QUERIES = 300;
  private static final Bson SORT =
      orderBy(descending("effectiveDate"), ascending("recordId"), descending("version"));

  private ScopedScanBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) {
    try (StoreFixture fixture = new StoreFixture()) {
      MongoDatabase clinical = fixture.stores.database(Store.CLINICAL);
      MongoCollection<Document> unscoped = clinical.getCollection("entries_without_tenant");
      MongoCollection<Document> stored =
          clinical.getCollection(StoredCollection.CLINICAL_ENTRIES.collectionName());
      List<String> patients = new ArrayList<>();
      Random random = new Random(7);
      for (int p = 0; p < PATIENTS; p++) {
        String patient = UUID.randomUUID().toString();
        patients.add(patient);
        TenantScopedCollection handle =
            fixture.collections.forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant(p));
        for (int e = 0; e < ENTRIES; e++) {
          Document entry =
              new Document("recordId", UUID.randomUUID().toString())
                  .append("patientId", patient)
                  .append("version", 1L)
                  .append("type", "OBSERVATION")
                  .append("effectiveDate", "2025-0" + (1 + random.nextInt(9)) + "-1" + e)
                  .append("status", "final")
                  .append("text", "synthetic note " + random.nextInt());
          unscoped.insertOne(new Document(entry));
          handle.insertOne(entry);
        }
      }
      IntConsumer viaHandle =
          p ->
              fixture
                  .collections
                  .forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant(p))
                  .find(eq("patientId", patients.get(p)), null, SORT, 0);
      IntConsumer tenantFirst =
          p ->
              stored
                  .find(
                      new Document(TenantScopedCollection.TENANT, tenant(p).value())
                          .append("patientId", patients.get(p)))
                  .sort(SORT)
                  .into(new ArrayList<>());
      IntConsumer noTenant =
          p ->
              unscoped
                  .find(eq("patientId", patients.get(p)))
                  .sort(descending("effectiveDate"))
                  .into(new ArrayList<>());
      double[] ms = new double[3];
      for (int round = 0; round < 4; round++) { // the first round warms up
        ms[0] = millisPerQuery(noTenant, random);
        ms[1] = millisPerQuery(viaHandle, random);
        ms[2] = millisPerQuery(tenantFirst, random);
      }
      System.out.printf(
          "One patient's entries among %,d (%d tenants), ms per query, same run:%n",
          PATIENTS * ENTRIES, TENANTS);
      System.out.printf("  without a tenant (baseline)      %6.2f%n", ms[0]);
      System.out.printf(
          "  tenant-scoped handle             %6.2f  (%.2f of baseline)%n", ms[1], ms[1] / ms[0]);
      System.out.printf(
          "  tenant named first (old form)    %6.2f  (%.2f of baseline)%n", ms[2], ms[2] / ms[0]);
    }
  }

  private static TenantId tenant(int patient) {
    return new TenantId("bench-tenant-" + patient % TENANTS);
  }

  private static double millisPerQuery(IntConsumer query, Random random) {
    long start = System.nanoTime();
    for (int i = 0; i < QUERIES; i++) {
      query.accept(random.nextInt(PATIENTS));
    }
    return (System.nanoTime() - start) / 1e6 / QUERIES;
  }
}
