package org.phirecords.internal.fhirimport;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.BulkImportId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;

/**
 * The {@code bulk_import_jobs} and {@code bulk_import_chunks} collections: the only code that
 * touches them (ADR 40). A job is found only with its requester (tenant by the handle, issuer and
 * subject here). Chunks hold ciphertext only; a Patient chunk done keeps the hashes of the
 * references that name its patients, with the patients' ids. Ids, counts and codes, never PHI.
 */
public final class BulkImportRepository {
  static final String ID = "jobId";
  static final String STATE = "state";
  static final String FILES = "files";
  static final String EXPIRES = "expiresAt";
  static final String LEASE_OWNER = "leaseOwner";
  static final String LEASE_UNTIL = "leaseUntil";
  static final String ERRORS = "errors";
  static final String FAILED = "failed";

  private final TenantScopedCollection jobs;
  private final TenantScopedCollection chunks;

  BulkImportRepository(TenantScopedCollection jobs, TenantScopedCollection chunks) {
    this.jobs = jobs;
    this.chunks = chunks;
  }

  /** Within an operation: the caller's tenant. */
  static BulkImportRepository of(org.phirecords.internal.operation.Operation op) {
    return new BulkImportRepository(
        op.handle(StoredCollection.BULK_IMPORT_JOBS),
        op.handle(StoredCollection.BULK_IMPORT_CHUNKS));
  }

  /** For the worker: {@code tenant}'s jobs, outside any request. */
  static BulkImportRepository maintenance(TenantCollections collections, TenantId tenant) {
    return new BulkImportRepository(
        collections.forMaintenance(StoredCollection.BULK_IMPORT_JOBS, tenant),
        collections.forMaintenance(StoredCollection.BULK_IMPORT_CHUNKS, tenant));
  }

  TenantId tenant() {
    return jobs.tenant();
  }

  static Bson requester(Caller caller) {
    return and(
        eq("issuer", caller.issuer() == null ? "" : caller.issuer()),
        eq("subject", caller.subject()));
  }

  void insert(Document job) {
    jobs.insertOne(job);
  }

  /** Job {@code id} if {@code caller} created it. */
  Optional<Document> find(BulkImportId id, Caller caller) {
    return jobs.findOne(and(eq(ID, id.value()), requester(caller)), null, null);
  }

  /** Job {@code id}, whoever created it (the worker). */
  Optional<Document> find(BulkImportId id) {
    return jobs.findOne(eq(ID, id.value()), null, null);
  }

  /** Applies {@code update} to job {@code id} if it is in {@code state}; the job after it. */
  Optional<Document> update(BulkImportId id, String state, Bson update) {
    return jobs.findOneAndUpdate(and(eq(ID, id.value()), eq(STATE, state)), update);
  }

  /** Notes chunk {@code k} of file {@code file} received (before the job runs). */
  Optional<Document> received(BulkImportId id, int file, int k) {
    return update(id, "CREATED", Updates.addToSet(FILES + "." + file + ".received", k));
  }

  /** Stores chunk {@code k} of file {@code file}, replacing one sent before. */
  void putChunk(BulkImportId id, int file, int k, int lines, BsonValue data, Date expires) {
    Bson which = and(eq(ID, id.value()), eq("file", file), eq("k", k));
    chunks.deleteMany(which);
    try {
      chunks.insertOne(
          new Document(ID, id.value())
              .append("file", file)
              .append("k", k)
              .append("lines", lines)
              .append("data", data)
              .append(EXPIRES, expires));
    } catch (com.mongodb.MongoWriteException e) {
      if (!org.phirecords.internal.store.StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
      // The same chunk sent twice at once: one of them is stored, which is what was asked.
    }
  }

  /** Chunk {@code k} of file {@code file}: its stored form. */
  Optional<Document> chunk(BulkImportId id, int file, int k) {
    return chunks.findOne(and(eq(ID, id.value()), eq("file", file), eq("k", k)), null, null);
  }

  /** The line counts of every chunk of job {@code id}, as (file, k, lines) documents. */
  List<Document> lineCounts(BulkImportId id) {
    return chunks.find(eq(ID, id.value()), Projections.include("file", "k", "lines"), null, 0);
  }

  /** Keeps a Patient chunk's reference hashes and patient ids (before it is marked done). */
  void keepRefs(BulkImportId id, int file, int k, Map<String, String> refs) {
    chunks.findOneAndUpdate(
        and(eq(ID, id.value()), eq("file", file), eq("k", k)),
        Updates.set("refs", new Document(new java.util.LinkedHashMap<>(refs))));
  }

  /** Every reference hash kept by the job's done Patient chunks, with its patient id. */
  Map<String, String> refs(BulkImportId id) {
    Map<String, String> all = new java.util.HashMap<>();
    for (Document c :
        chunks.find(
            and(eq(ID, id.value()), com.mongodb.client.model.Filters.exists("refs")),
            Projections.include("refs"),
            null,
            0)) {
      c.get("refs", Document.class).forEach((k, v) -> all.put(k, (String) v));
    }
    return all;
  }

  /**
   * Marks chunk {@code k} of file {@code file} done with its counts, if this instance still holds
   * the lease and it was not marked before (a chunk is counted once); whether it was marked.
   */
  boolean chunkDone(
      BulkImportId id,
      String owner,
      int file,
      int k,
      long done,
      long failed,
      List<Document> errors,
      Date leaseUntil) {
    String f = FILES + "." + file + ".";
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.addToSet(f + "done", k));
    updates.add(Updates.inc(f + "lines", done));
    updates.add(Updates.inc(f + "failed", failed));
    updates.add(Updates.inc(FAILED, failed));
    updates.add(Updates.set(LEASE_UNTIL, leaseUntil));
    if (!errors.isEmpty()) {
      updates.add(Updates.pushEach(ERRORS, errors));
    }
    return jobs.findOneAndUpdate(
            and(
                eq(ID, id.value()),
                eq(STATE, "RUNNING"),
                eq(LEASE_OWNER, owner),
                ne(f + "done", k)),
            Updates.combine(updates))
        .isPresent();
  }

  /**
   * Claims a running job whose lease ended before {@code now}: the job, leased to {@code owner}.
   */
  Optional<Document> claim(String owner, Date now, Date until) {
    return jobs.findOneAndUpdate(
        and(eq(STATE, "RUNNING"), lt(LEASE_UNTIL, now)),
        Updates.combine(Updates.set(LEASE_OWNER, owner), Updates.set(LEASE_UNTIL, until)));
  }

  /** Ends job {@code id} (running, held by {@code owner}) in {@code state}; drops its chunks. */
  boolean end(BulkImportId id, String owner, String state, Date expires) {
    boolean ended =
        jobs.findOneAndUpdate(
                and(eq(ID, id.value()), eq(STATE, "RUNNING"), eq(LEASE_OWNER, owner)),
                Updates.combine(Updates.set(STATE, state), Updates.set(EXPIRES, expires)))
            .isPresent();
    dropChunks(id);
    return ended;
  }

  void dropChunks(BulkImportId id) {
    chunks.deleteMany(eq(ID, id.value()));
  }

  /** How many chunks job {@code id} has stored (tests, status of leftovers). */
  long chunkCount(BulkImportId id) {
    return chunks.count(eq(ID, id.value()));
  }

  /** Removes expired jobs and chunks of every tenant; how many documents. */
  static long sweep(TenantCollections collections, Date now) {
    return collections.sweepExpired(StoredCollection.BULK_IMPORT_CHUNKS, now)
        + collections.sweepExpired(StoredCollection.BULK_IMPORT_JOBS, now);
  }

  /** Removes every bulk import of {@code tenant} (offboarding); how many documents. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
            .forMaintenance(StoredCollection.BULK_IMPORT_CHUNKS, tenant)
            .deleteMany(new Document())
        + collections
            .forMaintenance(StoredCollection.BULK_IMPORT_JOBS, tenant)
            .deleteMany(new Document());
  }
}
