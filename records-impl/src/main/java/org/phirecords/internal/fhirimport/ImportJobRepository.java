package org.phirecords.internal.fhirimport;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;

/**
 * The {@code import_jobs} collection: the only code that touches it. An import transaction's
 * document lists the patient and entry ids it may write before it writes any (its intent, ADR 37),
 * and is removed once the transaction is committed or rolled back. Ids only, never PHI.
 */
public final class ImportJobRepository {
  static final String JOB = "jobId";
  static final String PATIENTS = "patients";
  static final String ENTRIES = "entries";
  static final String STARTED = "startedAt";
  static final String SUBJECT = "subject";
  static final String ROLLING_BACK = "rollingBackAt";

  private ImportJobRepository() {}

  /** Records the intent of transaction {@code job} of {@code op}'s caller: the ids it may write. */
  static void open(Operation op, String job, List<String> patients, List<String> entries) {
    op.handle(StoredCollection.IMPORT_JOBS)
        .insertOne(
            new Document(JOB, job)
                .append("kind", "transaction")
                .append(PATIENTS, patients)
                .append(ENTRIES, entries)
                .append(SUBJECT, op.caller().subject())
                .append(STARTED, new Date()));
  }

  /** Removes the intent of transaction {@code job} of {@code tenant} (committed or rolled back). */
  static void close(TenantCollections collections, TenantId tenant, String job) {
    collections.forMaintenance(StoredCollection.IMPORT_JOBS, tenant).deleteMany(eq(JOB, job));
  }

  /**
   * Commits transaction {@code job}: removes its intent unless recovery claimed it; whether it was
   * removed.
   */
  static boolean commit(TenantCollections collections, TenantId tenant, String job) {
    return collections
            .forMaintenance(StoredCollection.IMPORT_JOBS, tenant)
            .deleteMany(and(eq(JOB, job), exists(ROLLING_BACK, false)))
        == 1;
  }

  /** Claims transaction {@code job} for rolling back: its intent, if it still has one. */
  static Optional<Document> claim(TenantCollections collections, TenantId tenant, String job) {
    return collections
        .forMaintenance(StoredCollection.IMPORT_JOBS, tenant)
        .findOneAndUpdate(eq(JOB, job), Updates.set(ROLLING_BACK, new Date()));
  }

  /** The intents of {@code tenant}'s transactions started before {@code before}. */
  static List<Document> startedBefore(
      TenantCollections collections, TenantId tenant, Instant before) {
    return new ArrayList<>(
        collections
            .forMaintenance(StoredCollection.IMPORT_JOBS, tenant)
            .find(and(eq("kind", "transaction"), lt(STARTED, Date.from(before))), null, null, 0));
  }
}
