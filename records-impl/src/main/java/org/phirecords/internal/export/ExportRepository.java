package org.phirecords.internal.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.client.model.Updates;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.ExportId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;

/**
 * The {@code export_jobs} and {@code export_parts} collections: the only code that touches them. A
 * job is found only with its requester (tenant by the handle, issuer and subject here), so another
 * caller's export is not found like a missing one. Parts hold ciphertext only (ADR 38).
 */
public final class ExportRepository {
  static final String ID = "exportId";
  static final String STATE = "state";
  static final String EXPIRES = "expiresAt";
  static final String HEARTBEAT = "heartbeatAt";
  static final String DELETED = "DELETED";

  private final TenantScopedCollection jobs;
  private final TenantScopedCollection parts;

  ExportRepository(Operation op) {
    this.jobs = op.handle(StoredCollection.EXPORT_JOBS);
    this.parts = op.handle(StoredCollection.EXPORT_PARTS);
  }

  /** The tenant the handles are bound to. */
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

  /** Export {@code id} if {@code caller} requested it. */
  Optional<Document> find(ExportId id, Caller caller) {
    return jobs.findOne(and(eq(ID, id.value()), requester(caller)), null, null);
  }

  /** How many exports of {@code caller} run and were alive after {@code aliveAfter}. */
  long running(Caller caller, Date aliveAfter) {
    return jobs.count(and(requester(caller), eq(STATE, "RUNNING"), gt(HEARTBEAT, aliveAfter)));
  }

  /** Notes progress on a running job; false if it is no longer running (deleted). */
  boolean progress(ExportId id, long done, long total, Date now) {
    return jobs.findOneAndUpdate(
            and(eq(ID, id.value()), eq(STATE, "RUNNING")),
            Updates.combine(
                Updates.set("done", done),
                Updates.set("total", total),
                Updates.set(HEARTBEAT, now)))
        .isPresent();
  }

  /** Marks a running job completed with {@code output}; false if it was deleted meanwhile. */
  boolean complete(ExportId id, List<Document> output, Date expires, Date now) {
    boolean done =
        jobs.findOneAndUpdate(
                and(eq(ID, id.value()), eq(STATE, "RUNNING")),
                Updates.combine(
                    Updates.set(STATE, "COMPLETED"),
                    Updates.set("output", output),
                    Updates.set(EXPIRES, expires),
                    Updates.set(HEARTBEAT, now)))
            .isPresent();
    if (done) {
      // Parts expire with the job: one update per part (a file has few, of a megabyte each).
      for (Document file : output) {
        for (int seq = 0; seq < file.getInteger("parts"); seq++) {
          parts.findOneAndUpdate(
              and(eq(ID, id.value()), eq("type", file.getString("type")), eq("seq", seq)),
              Updates.set(EXPIRES, expires));
        }
      }
    }
    return done;
  }

  /**
   * Marks a job ended in {@code state} ({@code FAILED}: only while running; {@link #DELETED}:
   * whatever it was) and drops its parts.
   */
  void end(ExportId id, String state, List<String> errors) {
    Bson which =
        DELETED.equals(state) ? eq(ID, id.value()) : and(eq(ID, id.value()), eq(STATE, "RUNNING"));
    jobs.findOneAndUpdate(
        which, Updates.combine(Updates.set(STATE, state), Updates.set("errors", errors)));
    dropParts(id);
  }

  void dropParts(ExportId id) {
    parts.deleteMany(eq(ID, id.value()));
  }

  void insertPart(ExportId id, String type, int seq, int count, BsonValue data, Date expires) {
    parts.insertOne(
        new Document(ID, id.value())
            .append("type", type)
            .append("seq", seq)
            .append("count", count)
            .append("data", data)
            .append(EXPIRES, expires));
  }

  /** Part {@code seq} of the file of {@code type} of export {@code id}: its stored ciphertext. */
  Optional<Object> part(ExportId id, String type, int seq) {
    return parts
        .findOne(and(eq(ID, id.value()), eq("type", type), eq("seq", seq)), null, null)
        .map(d -> d.get("data"));
  }

  /** Removes expired jobs and parts of every tenant (the sweep); how many documents. */
  static long sweep(TenantCollections collections, Date now) {
    return collections.sweepExpired(StoredCollection.EXPORT_PARTS, now)
        + collections.sweepExpired(StoredCollection.EXPORT_JOBS, now);
  }

  /** Removes every export of {@code tenant} (offboarding); how many documents. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
            .forMaintenance(StoredCollection.EXPORT_PARTS, tenant)
            .deleteMany(new Document())
        + collections
            .forMaintenance(StoredCollection.EXPORT_JOBS, tenant)
            .deleteMany(new Document());
  }
}
