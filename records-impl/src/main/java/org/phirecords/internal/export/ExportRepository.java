package org.phirecords.internal.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

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
  static final String HOLDER = "lease.holder";
  static final String LEASE_UNTIL = "lease.until";
  static final String SEALED = "sealed";

  private final TenantScopedCollection jobs;
  private final TenantScopedCollection parts;
  private final ExportKind kind;

  /** The bulk exports (ADR 38) within {@code op}. */
  ExportRepository(Operation op) {
    this(op, ExportKind.FHIR);
  }

  /** The jobs of {@code kind} within {@code op}: the others are not found. */
  ExportRepository(Operation op, ExportKind kind) {
    this.jobs = op.handle(StoredCollection.EXPORT_JOBS);
    this.parts = op.handle(StoredCollection.EXPORT_PARTS);
    this.kind = kind;
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
    return jobs.findOne(and(eq(ID, id.value()), kind.filter(), requester(caller)), null, null);
  }

  /** Export {@code id}, whoever requested it (the job's own run). */
  Optional<Document> find(ExportId id) {
    return jobs.findOne(and(eq(ID, id.value()), kind.filter()), null, null);
  }

  /** How many exports of {@code caller} run and were alive after {@code aliveAfter}. */
  long running(Caller caller, Date aliveAfter) {
    return jobs.count(
        and(kind.filter(), requester(caller), eq(STATE, "RUNNING"), gt(HEARTBEAT, aliveAfter)));
  }

  /** The running job {@code id} while {@code holder} holds its lease. */
  private static Bson held(ExportId id, String holder) {
    return and(eq(ID, id.value()), eq(STATE, "RUNNING"), eq(HOLDER, holder));
  }

  /**
   * Notes progress on a running job and renews {@code holder}'s lease until {@code leaseUntil};
   * false if it is no longer running (deleted) or another instance took it over.
   */
  boolean progress(ExportId id, String holder, long done, long total, Date now, Date leaseUntil) {
    return jobs.findOneAndUpdate(
            held(id, holder),
            Updates.combine(
                Updates.set("done", done),
                Updates.set("total", total),
                Updates.set(HEARTBEAT, now),
                Updates.set(LEASE_UNTIL, leaseUntil)))
        .isPresent();
  }

  /**
   * Records that the file of {@code type} is sealed in {@code parts} parts of {@code count} lines,
   * through patient {@code through}: where a resumed run takes it up; false if {@code holder} lost
   * the job.
   */
  boolean sealed(ExportId id, String holder, String type, int parts, long count, String through) {
    return jobs.findOneAndUpdate(
            held(id, holder),
            Updates.set(
                SEALED + "." + type,
                new Document("parts", parts).append("count", count).append("through", through)))
        .isPresent();
  }

  /**
   * Marks file {@code file} of completed job {@code id} of {@code caller} downloaded, unless it was
   * already or the job expired before {@code now}: the job after, if this call marked it.
   */
  Optional<Document> markDownloaded(ExportId id, Caller caller, String file, Date now) {
    String field = "downloaded." + file;
    return jobs.findOneAndUpdate(
        and(
            eq(ID, id.value()),
            kind.filter(),
            requester(caller),
            eq(STATE, "COMPLETED"),
            gt(EXPIRES, now),
            com.mongodb.client.model.Filters.exists(field, false)),
        Updates.set(field, now));
  }

  /** Removes {@code field} of job {@code id} (a dataset's sealed key, when it is destroyed). */
  void unset(ExportId id, String field) {
    jobs.findOneAndUpdate(and(eq(ID, id.value()), kind.filter()), Updates.unset(field));
  }

  /** Removes the parts of {@code type} from {@code seq} on: a dead run's part in progress. */
  void dropPartsFrom(ExportId id, String type, int seq) {
    parts.deleteMany(and(eq(ID, id.value()), eq("type", type), gte("seq", seq)));
  }

  /** Running jobs of {@code kind} of {@code tenant} whose lease ended before {@code now}. */
  static List<Document> leaseExpired(
      TenantCollections collections, TenantId tenant, Date now, ExportKind kind) {
    return new java.util.ArrayList<>(
        collections
            .forMaintenance(StoredCollection.EXPORT_JOBS, tenant)
            .find(and(kind.filter(), eq(STATE, "RUNNING"), lt(LEASE_UNTIL, now)), null, null, 0));
  }

  /**
   * Takes over job {@code job} for {@code holder} until {@code until} if its lease is still the one
   * found lapsed (same holder, not renewed since): at most one instance wins; the job, if won.
   */
  static Optional<Document> claim(
      TenantCollections collections,
      TenantId tenant,
      Document job,
      String holder,
      Date now,
      Date until) {
    return collections
        .forMaintenance(StoredCollection.EXPORT_JOBS, tenant)
        .findOneAndUpdate(
            and(
                eq(ID, job.getString(ID)),
                eq(STATE, "RUNNING"),
                eq(HOLDER, job.getEmbedded(List.of("lease", "holder"), String.class)),
                lt(LEASE_UNTIL, now)),
            Updates.combine(Updates.set(HOLDER, holder), Updates.set(LEASE_UNTIL, until)));
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

  /**
   * Marks the job failed with {@code errors} and drops its parts, if {@code holder} still holds it
   * (a run that lost its lease must not fail the run that took over); whether it did.
   */
  boolean fail(ExportId id, String holder, List<String> errors) {
    boolean failed =
        jobs.findOneAndUpdate(
                held(id, holder),
                Updates.combine(Updates.set(STATE, "FAILED"), Updates.set("errors", errors)))
            .isPresent();
    if (failed) {
      dropParts(id);
    }
    return failed;
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
