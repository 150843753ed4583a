package org.phirecords.internal.export;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.clinical.PatientEntries;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.fhir.FhirResources;
import org.phirecords.internal.fhir.FhirSystems;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.Reach;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.ExportId;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.security.Permission;
import org.phirecords.service.BulkExport;

/**
 * One bulk export's background work, inside an operation of the requester reopened on a pool thread
 * (same caller, same reach, as at kick-off): pages through the patients in reach by id, writes each
 * patient's resources of the requested types as NDJSON lines, sealing each file's text into parts
 * of about {@link ExportSettings#partBytes()} under the tenant's key. Each patient exported is
 * audited (EXPORT, the export's id, the patient's id, how many resources), so that the export shows
 * in every patient's access history. A delete stops it at the next page.
 */
final class ExportRun {
  private static final Logger LOG = Logger.getLogger(ExportRun.class.getName());

  /** What to export: the patients in reach, or in {@code group} (already within reach). */
  record Plan(ExportId id, Optional<Reach> group, Set<String> types, Optional<Instant> since) {}

  private final TenantCollections collections;
  private final IdentityProtection protection;
  private final FreeTextProtection freeText;
  private final ExportSettings settings;
  private final Clock clock;

  ExportRun(
      TenantCollections collections,
      IdentityProtection protection,
      FreeTextProtection freeText,
      ExportSettings settings,
      Clock clock) {
    this.collections = collections;
    this.protection = protection;
    this.freeText = freeText;
    this.settings = settings;
    this.clock = clock;
  }

  /** Runs {@code plan} within {@code op}; failures end the job as failed, with a fixed text. */
  void run(Operation op, Plan plan) {
    ExportRepository jobs = new ExportRepository(op);
    try {
      if (!write(op, jobs, plan)) {
        jobs.dropParts(plan.id());
      }
    } catch (RuntimeException e) {
      // The exception's text may quote stored values: the log names its type only.
      LOG.log(Level.WARNING, "bulk export {0} failed: {1}", new Object[] {plan.id(), e.getClass()});

      jobs.end(plan.id(), "FAILED", List.of("The export failed; start a new one."));
      op.record(AuditOutcome.ERROR, plan.id().value(), null, 0);
    }
  }

  /** Writes the files; false if the export was deleted meanwhile. */
  private boolean write(Operation run, ExportRepository jobs, Plan plan) {
    Operation op = plan.group().map(g -> run.reaching(Permission.BULK_EXPORT, g)).orElse(run);
    Instant started = clock.instant();
    Date partsExpire = Date.from(started.plus(settings.maxRun()).plus(settings.fileLifetime()));
    PatientRepository patients = new PatientRepository(op, protection);
    PatientEntries entries = new PatientEntries(op, collections, freeText);
    Map<String, Part> files = new LinkedHashMap<>();
    for (String type : BulkExport.TYPES) {
      if (plan.types().contains(type)) {
        files.put(type, new Part(jobs, plan.id(), type, partsExpire));
      }
    }
    long total = patients.count();
    long done = 0;
    Optional<PatientId> after = Optional.empty();
    while (jobs.progress(plan.id(), done, total, Date.from(clock.instant()))) {
      if (clock.instant().isAfter(started.plus(settings.maxRun()))) {
        throw new IllegalStateException("the export ran longer than allowed");
      }
      List<Patient> page = patients.page(after, settings.pageSize());
      for (Patient p : page) {
        int written = patient(p, files, plan, entries);
        if (written > 0) {
          // In the patient's access history: something of theirs is in the files.
          op.record(AuditOutcome.SUCCESS, plan.id().value(), p.id().value(), written);
        }
      }
      done += page.size();
      if (page.size() < settings.pageSize()) {
        List<Document> output = new ArrayList<>();
        long resources = 0;
        for (Part file : files.values()) {
          file.seal();
          if (file.count > 0) {
            output.add(file.summary());
            resources += file.count;
          }
        }
        jobs.progress(plan.id(), done, total, Date.from(clock.instant()));
        Instant end = clock.instant();
        if (!jobs.complete(
            plan.id(), output, Date.from(end.plus(settings.fileLifetime())), Date.from(end))) {
          return false;
        }
        op.record(AuditOutcome.SUCCESS, plan.id().value(), null, (int) resources);
        return true;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    return false;
  }

  private int patient(Patient p, Map<String, Part> files, Plan plan, PatientEntries entries) {
    int written = 0;
    String id = fhirId(p.id().value());
    Part patients = files.get("Patient");
    if (patients != null && changed(p.updatedAt(), plan)) {
      org.hl7.fhir.r4.model.Patient r = FhirResources.patient(p);
      r.setId(id);
      r.addIdentifier().setSystem(FhirSystems.PATIENT_ID).setValue(p.id().value());
      patients.add(withMeta(r, p.updatedAt(), p.version()));
      written++;
    }
    if (files.size() == (patients == null ? 0 : 1)) {
      return written;
    }
    Reference subject = new Reference("Patient/" + id);
    for (ClinicalEntry e : entries.of(p.id())) {
      Part file = files.get(FhirResources.typeOf(e.data().type()));
      if (file != null && changed(e.recordedAt(), plan)) {
        Resource r = FhirResources.entry(e, subject);
        r.setId(fhirId(e.id().value()));
        file.add(withMeta(r, e.recordedAt(), e.version()));
        written++;
      }
    }
    return written;
  }

  private static boolean changed(Instant at, Plan plan) {
    return plan.since().map(at::isAfter).orElse(true);
  }

  private static Resource withMeta(Resource r, Instant changed, long version) {
    r.setMeta(new Meta().setLastUpdated(Date.from(changed)).setVersionId(Long.toString(version)));
    return r;
  }

  /**
   * The module's ids as FHIR ids: base64url's {@code _} is no FHIR id character, so it becomes
   * {@code .}, which base64url never uses (reversible).
   */
  static String fhirId(String id) {
    return id.replace('_', '.');
  }

  /** One file being written: the text not sealed yet, the parts stored, the lines. */
  private final class Part {
    private final ExportRepository jobs;
    private final ExportId id;
    private final String type;
    private final Date expires;
    private final StringBuilder text = new StringBuilder();
    private int lines;
    private int parts;
    private long count;

    Part(ExportRepository jobs, ExportId id, String type, Date expires) {
      this.jobs = jobs;
      this.id = id;
      this.type = type;
      this.expires = expires;
    }

    void add(Resource resource) {
      text.append(FhirJson.compact(resource)).append('\n');
      lines++;
      count++;
      if (text.length() >= settings.partBytes()) {
        seal();
      }
    }

    void seal() {
      if (lines == 0) {
        return;
      }
      jobs.insertPart(
          id, type, parts, lines, freeText.seal(jobs.tenant(), text.toString()), expires);
      parts++;
      lines = 0;
      text.setLength(0);
    }

    Document summary() {
      return new Document("type", type).append("count", count).append("parts", parts);
    }
  }
}
