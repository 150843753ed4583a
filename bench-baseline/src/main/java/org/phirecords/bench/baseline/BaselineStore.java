package org.phirecords.bench.baseline;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.bson.Document;
import org.phirecords.internal.meter.CommandMeter;

/**
 * The baseline's collections on the benchmark's store (database {@code bench_baseline}), connected
 * with {@code BENCH_MONGODB_URI}, indexed as a thin layer would index them; and those of the {@link
 * FloorResource floor}: a tenant registry and an audit trail, indexed as the module indexes its
 * own. Its client reports every command to a {@link CommandMeter}, the module's own class.
 */
@ApplicationScoped
public class BaselineStore {
  private final CommandMeter meter = new CommandMeter();
  private final MongoClient client;
  private final MongoCollection<Document> patients;
  private final MongoCollection<Document> entries;
  private final MongoCollection<Document> floorTenants;
  private final MongoCollection<Document> floorEvents;
  private final MongoCollection<Document> floorHeads;

  /** Connects and ensures the indexes and the floor's tenants. */
  public BaselineStore() {
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(System.getenv("BENCH_MONGODB_URI")))
                .addCommandListener(meter)
                .build());
    MongoDatabase db = client.getDatabase("bench_baseline");
    patients = db.getCollection("patients");
    entries = db.getCollection("entries");
    patients.createIndex(Indexes.ascending("patientId"), new IndexOptions().unique(true));
    // Unique, as any record layer would keep medical record numbers (and as the module does).
    patients.createIndex(Indexes.ascending("mrn"), new IndexOptions().unique(true));
    entries.createIndex(
        Indexes.compoundIndex(Indexes.ascending("patientId"), Indexes.descending("effectiveDate")));

    // The floor's trail is written as durably as the module writes its own.
    WriteConcern durable = WriteConcern.MAJORITY.withJournal(true);
    floorTenants = db.getCollection("floor_tenants");
    floorEvents = db.getCollection("floor_audit_events").withWriteConcern(durable);
    floorHeads = db.getCollection("floor_audit_heads").withWriteConcern(durable);
    // The module's audit indexes (IndexCatalog): positions unique per chain; intents, time and
    // patient for reconciliation and review.
    floorEvents.createIndexes(
        List.of(
            new IndexModel(Indexes.ascending("tenantId", "seq"), new IndexOptions().unique(true)),
            new IndexModel(Indexes.ascending("tenantId", "intentId")),
            new IndexModel(Indexes.ascending("tenantId", "occurredAt")),
            new IndexModel(Indexes.ascending("tenantId", "patientId", "occurredAt"))));
    for (String tenant : FloorResource.TENANTS) {
      floorTenants.replaceOne(
          eq("_id", tenant),
          new Document("_id", tenant).append("name", "Floor " + tenant).append("status", "ACTIVE"),
          new ReplaceOptions().upsert(true));
    }
  }

  /** The meter of this WAR's store commands. */
  CommandMeter meter() {
    return meter;
  }

  MongoCollection<Document> patients() {
    return patients;
  }

  MongoCollection<Document> entries() {
    return entries;
  }

  MongoCollection<Document> floorTenants() {
    return floorTenants;
  }

  MongoCollection<Document> floorEvents() {
    return floorEvents;
  }

  MongoCollection<Document> floorHeads() {
    return floorHeads;
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
