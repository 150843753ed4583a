package org.phirecords.internal.fhirimport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.model.BulkImportFile;
import org.phirecords.model.BulkImportId;
import org.phirecords.model.BulkImportStatus;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.BulkImport;

/**
 * {@link BulkImport} on MongoDB (ADR 40): jobs and their chunks (sealed under the tenant's key)
 * found only with their creator; {@link #importChunk} and {@link #finish} are what the {@link
 * BulkImportWorker} calls, as the job's creator, through the authorization interceptor.
 */
@ApplicationScoped
public class MongoBulkImport implements BulkImport {
  private Operations operations;
  private FreeTextProtection freeText;
  private MongoFhirImport fhir;
  private BulkImportSettings settings;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoBulkImport() {}

  /** Imports through these services (their intercepted forms). */
  @Inject
  public MongoBulkImport(
      Operations operations,
      FreeTextProtection freeText,
      MongoPatientDirectory directory,
      MongoClinicalRecords clinical,
      RecordsConfig config) {
    this.operations = operations;
    this.freeText = freeText;
    this.fhir = new MongoFhirImport(operations, directory, clinical, null, config);
    this.settings = BulkImportSettings.of(config);
  }

  @Override
  @RequiresPermission(Permission.RECORD_IMPORT)
  public BulkImportStatus create(List<BulkImportFile> files) {
    Operation op = operations.current();
    if (files == null || files.isEmpty() || files.size() > settings.maxFiles()) {
      throw refused(op, ErrorCode.BULK_IMPORT_FILES);
    }
    List<Document> stored = new ArrayList<>();
    for (BulkImportFile f : files) {
      if (f == null
          || !TYPES.contains(f.type())
          || f.chunks() < 1
          || f.chunks() > settings.maxChunks()) {
        throw refused(op, ErrorCode.BULK_IMPORT_FILES);
      }
      stored.add(
          new Document("type", f.type())
              .append("chunks", f.chunks())
              .append("received", List.of())
              .append("done", List.of())
              .append("lines", 0L)
              .append("failed", 0L));
    }
    Caller caller = op.caller();
    BulkImportId id = BulkImportId.random();
    Instant now = clock.instant();
    Document job =
        BulkImportJobs.requester(caller)
            .append(BulkImportRepository.ID, id.value())
            .append(BulkImportRepository.STATE, "CREATED")
            .append(BulkImportRepository.FILES, stored)
            .append(BulkImportRepository.ERRORS, List.of())
            .append(BulkImportRepository.FAILED, 0L)
            .append("createdAt", Date.from(now))
            .append(BulkImportRepository.EXPIRES, Date.from(now.plus(settings.uploadPeriod())));
    BulkImportRepository.of(op).insert(job);
    op.record(AuditOutcome.SUCCESS, id.value(), null, files.size());
    return BulkImportJobs.status(job);
  }

  @Override
  @RequiresPermission(Permission.RECORD_IMPORT)
  public BulkImportStatus upload(BulkImportId id, int file, int chunk, byte[] ndjson) {
    Operation op = operations.current();
    BulkImportRepository jobs = BulkImportRepository.of(op);
    Document job = visible(op, jobs, id);
    List<Document> files = job.getList(BulkImportRepository.FILES, Document.class);
    if (file < 0
        || file >= files.size()
        || chunk < 0
        || chunk >= files.get(file).getInteger("chunks")) {
      throw refused(op, ErrorCode.BULK_IMPORT_CHUNK);
    }
    if (ndjson.length > settings.chunkBytes()) {
      throw refused(op, ErrorCode.BULK_IMPORT_CHUNK_TOO_LARGE);
    }
    String text = BulkImportJobs.utf8(ndjson);
    if (text == null) {
      throw refused(op, ErrorCode.BULK_IMPORT_CHUNK);
    }
    int lines = BulkImportJobs.lines(text);
    if (lines > settings.chunkLines()) {
      throw refused(op, ErrorCode.BULK_IMPORT_CHUNK_TOO_LARGE);
    }
    requireState(op, job, "CREATED");
    Date expires =
        Date.from(
            job.getDate("createdAt")
                .toInstant()
                .plus(settings.uploadPeriod())
                .plus(settings.maxRun()));
    jobs.putChunk(id, file, chunk, lines, freeText.seal(jobs.tenant(), text), expires);
    Document after = jobs.received(id, file, chunk).orElseThrow(() -> conflict(op, id));
    op.record(AuditOutcome.SUCCESS, id.value(), null, lines);
    return BulkImportJobs.status(after);
  }

  @Override
  @RequiresPermission(Permission.RECORD_IMPORT)
  public BulkImportStatus start(BulkImportId id) {
    Operation op = operations.current();
    BulkImportRepository jobs = BulkImportRepository.of(op);
    Document job = visible(op, jobs, id);
    requireState(op, job, "CREATED");
    if (!BulkImportJobs.complete(job)) {
      op.record(AuditOutcome.CONFLICT, id.value(), null, 0);
      throw new RecordsException(ErrorCode.BULK_IMPORT_INCOMPLETE);
    }
    Instant now = clock.instant();
    Document after =
        jobs.update(
                id,
                "CREATED",
                BulkImportJobs.started(
                    job,
                    jobs.lineCounts(id),
                    Date.from(now.plus(settings.maxRun())),
                    Date.from(now)))
            .orElseThrow(() -> conflict(op, id));
    op.record(AuditOutcome.SUCCESS, id.value(), null, BulkImportJobs.chunks(after));
    BulkImportWorker.nudge();
    return BulkImportJobs.status(after);
  }

  @Override
  @RequiresPermission(Permission.RECORD_IMPORT)
  public BulkImportStatus status(BulkImportId id) {
    Operation op = operations.current();
    return BulkImportJobs.status(visible(op, BulkImportRepository.of(op), id));
  }

  @Override
  @RequiresPermission(Permission.RECORD_IMPORT)
  public BulkImportStatus cancel(BulkImportId id) {
    Operation op = operations.current();
    BulkImportRepository jobs = BulkImportRepository.of(op);
    Document job = visible(op, jobs, id);
    String state = job.getString(BulkImportRepository.STATE);
    if (!"CREATED".equals(state) && !"RUNNING".equals(state)) {
      op.record(AuditOutcome.CONFLICT, id.value(), null, 0);
      throw new RecordsException(ErrorCode.BULK_IMPORT_STATE);
    }
    Document after =
        jobs.update(
                id,
                state,
                BulkImportJobs.cancelled(Date.from(clock.instant().plus(settings.keep()))))
            .orElseThrow(() -> conflict(op, id));
    jobs.dropChunks(id);
    op.record(
        AuditAction.DELETE, ResourceType.IMPORT_JOB, AuditOutcome.SUCCESS, id.value(), null, 0);
    return BulkImportJobs.status(after);
  }

  /**
   * Imports chunk {@code chunk} of file {@code file} of job {@code id}, leased to {@code owner},
   * and marks it done; false if the job is no longer this instance's to run (cancelled, lease
   * lost). Audited with the counts of lines imported and refused.
   */
  @RequiresPermission(Permission.RECORD_IMPORT)
  public boolean importChunk(
      BulkImportId id, String owner, int file, int chunk, Map<String, String> refs) {
    Operation op = operations.current().named("BulkImport.run");
    BulkImportRepository jobs = BulkImportRepository.of(op);
    Document job = jobs.find(id, op.caller()).orElse(null);
    if (job == null
        || !"RUNNING".equals(job.getString(BulkImportRepository.STATE))
        || !owner.equals(job.getString(BulkImportRepository.LEASE_OWNER))) {
      return false;
    }
    Document f = job.getList(BulkImportRepository.FILES, Document.class).get(file);
    Document stored = jobs.chunk(id, file, chunk).orElse(null);
    if (stored == null) {
      // Removed meanwhile (the job was cancelled or ended): nothing to import.
      return false;
    }
    TenantId tenant = jobs.tenant();
    BulkImportChunk.Outcome out =
        BulkImportChunk.run(
            fhir,
            tenant,
            id.value(),
            f.getString("type"),
            file,
            freeText.open(tenant, stored.get("data")),
            f.getList("offsets", Number.class).get(chunk).longValue() + 1,
            settings.chunkLines(),
            refs,
            BulkImportWorker.validators());
    if (!out.refs().isEmpty()) {
      jobs.keepRefs(id, file, chunk, out.refs());
    }
    int room = Math.max(0, 100 - job.getList(BulkImportRepository.ERRORS, Document.class).size());
    boolean marked =
        jobs.chunkDone(
            id,
            owner,
            file,
            chunk,
            out.done(),
            out.failed(),
            out.errors().subList(0, Math.min(room, out.errors().size())),
            Date.from(clock.instant().plus(settings.lease())));
    op.record(AuditOutcome.SUCCESS, id.value(), null, (int) out.done());
    if (out.failed() > 0) {
      op.record(AuditOutcome.INVALID, id.value(), null, (int) out.failed());
    }
    return marked;
  }

  /** Ends job {@code id} (every chunk done) as {@code DONE}, its chunks removed; audited. */
  @RequiresPermission(Permission.RECORD_IMPORT)
  public void finish(BulkImportId id, String owner) {
    Operation op = operations.current().named("BulkImport.run");
    BulkImportRepository jobs = BulkImportRepository.of(op);
    if (jobs.end(id, owner, "DONE", Date.from(clock.instant().plus(settings.keep())))) {
      long lines =
          jobs.find(id).map(BulkImportJobs::status).map(BulkImportJobs::linesDone).orElse(0L);
      op.record(
          AuditAction.UPDATE,
          ResourceType.IMPORT_JOB,
          AuditOutcome.SUCCESS,
          id.value(),
          null,
          (int) lines);
    }
  }

  /** The settings (the worker's lease and period). */
  public BulkImportSettings settings() {
    return settings;
  }

  /** Job {@code id} of the caller, not expired; else 404 or 410, audited. */
  private Document visible(Operation op, BulkImportRepository jobs, BulkImportId id) {
    Document job = jobs.find(id, op.caller()).orElse(null);
    if (job == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.BULK_IMPORT_NOT_FOUND);
    }
    Date expires = job.getDate(BulkImportRepository.EXPIRES);
    if (expires != null && !expires.after(Date.from(clock.instant()))) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.BULK_IMPORT_EXPIRED);
    }
    return job;
  }

  private static void requireState(Operation op, Document job, String state) {
    if (!state.equals(job.getString(BulkImportRepository.STATE))) {
      op.record(AuditOutcome.CONFLICT, job.getString(BulkImportRepository.ID), null, 0);
      throw new RecordsException(ErrorCode.BULK_IMPORT_STATE);
    }
  }

  private static RecordsException conflict(Operation op, BulkImportId id) {
    op.record(AuditOutcome.CONFLICT, id.value(), null, 0);
    return new RecordsException(ErrorCode.BULK_IMPORT_STATE);
  }

  private static RecordsException refused(Operation op, ErrorCode code) {
    op.record(AuditOutcome.INVALID, null, null, 0);
    return new RecordsException(code);
  }
}
