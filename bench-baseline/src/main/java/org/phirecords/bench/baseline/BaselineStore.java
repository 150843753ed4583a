package org.phirecords.bench.baseline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

/**
 * The baseline's collections on the benchmark's store (database {@code bench_baseline}), connected
 * with {@code BENCH_MONGODB_URI}, indexed as a thin layer would index them.
 */
@ApplicationScoped
public class BaselineStore {
  private final MongoClient client;
  private final MongoCollection<Document> patients;
  private final MongoCollection<Document> entries;

  /** Connects and ensures the indexes. */
  public BaselineStore() {
    client = MongoClients.create(System.getenv("BENCH_MONGODB_URI"));
    MongoDatabase db = client.getDatabase("bench_baseline");
    patients = db.getCollection("patients");
    entries = db.getCollection("entries");
    patients.createIndex(Indexes.ascending("patientId"), new IndexOptions().unique(true));
    // Unique, as any record layer would keep medical record numbers (and as the module does).
    patients.createIndex(Indexes.ascending("mrn"), new IndexOptions().unique(true));
    entries.createIndex(
        Indexes.compoundIndex(Indexes.ascending("patientId"), Indexes.descending("effectiveDate")));
  }

  MongoCollection<Document> patients() {
    return patients;
  }

  MongoCollection<Document> entries() {
    return entries;
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
