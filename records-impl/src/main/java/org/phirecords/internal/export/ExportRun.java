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
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.disclosure.DisclosureRepository;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.Reach;
import org.phirecords.model.ExportId;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;

/**
 * One export job's background work, inside an operation of the requester reopened on a pool thread
 * (same caller, same reach, as at kick-off): pages through the patients in reach by id, writes each
 * patient's lines of the requested files ({@link ExportContent}: FHIR resources, or a dataset's
 * generalised records), sealing each file's text into parts of about {@link
 * ExportSettings#partBytes()} under the tenant's key. Where the content discloses PHI each patient
 * exported is audited (EXPORT, the job's id, the patient's id, how many lines), so that the export
 * shows in every patient's access history. A delete stops it at the next page.
 *
 * <p>A run holds the job's lease, renewed with each page's progress. Parts are sealed at patient
 * boundaries, and each seal is recorded on the job (parts, lines, the last patient in them), so
 * that a run whose instance died is resumed elsewhere ({@link ExportResumption}): sealed parts are
 * kept, the part in progress is redone, and each file skips the patients it already holds.
 */
final class ExportRun {
  private static final Logger LOG = Logger.getLogger(ExportRun.class.getName());

  /** What to export: the patients in reach, or in {@code group} (already within reach). */
  record Plan(
      ExportId id,
      Optional<Reach> group,
      Set<String> types,
      Optional<Instant> since,
      Instant started,
      String holder,
      Optional<Document> sealed,
      long done,
      Document params) {
    /** A fresh run of {@code holder}, started at {@code started}. */
    Plan(
        ExportId id,
        Optional<Reach> group,
        Set<String> types,
        Optional<Instant> since,
        Instant started,
        String holder) {
      this(id, group, types, since, started, holder, Optional.empty(), 0, new Document());
    }
  }

  /** The run's lease was taken over by another instance: it stops and leaves the job alone. */
  private static final class LeaseLost extends RuntimeException {}

  private final ExportKind kind;
  private final ExportContent.Factory contents;
  private final IdentityProtection protection;
  private final FreeTextProtection freeText;
  private final ExportSettings settings;
  private final Clock clock;

  ExportRun(
      ExportKind kind,
      ExportContent.Factory contents,
      IdentityProtection protection,
      FreeTextProtection freeText,
      ExportSettings settings,
      Clock clock) {
    this.kind = kind;
    this.contents = contents;
    this.protection = protection;
    this.freeText = freeText;
    this.settings = settings;
    this.clock = clock;
  }

  ExportKind kind() {
    return kind;
  }

  /** Runs {@code plan} within {@code op}; failures end the job as failed, with a fixed text. */
  void run(Operation op, Plan plan) {
    ExportRepository jobs = new ExportRepository(op, kind);
    try {
      if (!write(op, jobs, plan)) {
        jobs.dropParts(plan.id());
      }
    } catch (LeaseLost lost) {
      LOG.log(Level.INFO, "bulk export {0} was taken over by another instance", plan.id());
    } catch (RuntimeException e) {
      // The exception's text may quote stored values: the log names its type only.
      LOG.log(Level.WARNING, "bulk export {0} failed: {1}", new Object[] {plan.id(), e.getClass()});
      if (jobs.fail(plan.id(), plan.holder(), List.of("The export failed; start a new one."))) {
        op.record(AuditOutcome.ERROR, plan.id().value(), null, 0);
      }
    }
  }

  /** Writes the files; false if the export was deleted meanwhile. */
  private boolean write(Operation run, ExportRepository jobs, Plan plan) {
    Operation op = plan.group().map(g -> run.reaching(run.permission(), g)).orElse(run);
    Instant started = plan.started();
    Date partsExpire = Date.from(started.plus(settings.maxRun()).plus(settings.fileLifetime()));
    PatientRepository patients = new PatientRepository(op, protection);
    ExportContent content = contents.open(op, plan);
    Map<String, Part> files = new LinkedHashMap<>();
    for (String type : content.files()) {
      if (plan.types().contains(type)) {
        Part file = new Part(jobs, plan, type, partsExpire, content.header(type).orElse(null));
        files.put(type, file);
        if (plan.sealed().isPresent()) {
          jobs.dropPartsFrom(plan.id(), type, file.parts);
        }
      }
    }
    long total = patients.count();
    long done = plan.done();
    // Resumed: from the first patient some file does not hold yet.
    Optional<PatientId> after =
        files.values().stream().anyMatch(f -> f.through == null)
            ? Optional.empty()
            : files.values().stream()
                .map(f -> f.through)
                .min(String::compareTo)
                .map(PatientId::new);
    String last = after.map(PatientId::value).orElse(null);
    while (progress(jobs, plan, Math.min(done, total), total)) {
      if (clock.instant().isAfter(started.plus(settings.maxRun()))) {
        throw new IllegalStateException("the export ran longer than allowed");
      }
      List<Patient> page = patients.page(after, settings.pageSize());
      for (Patient p : page) {
        int written = content.write(p, lines(p, files));
        if (written > 0 && content.auditsEachPatient()) {
          // In the access history; for a system client's export also in the accounting (ADR 47).
          op.record(AuditOutcome.SUCCESS, plan.id().value(), p.id().value(), written);
          DisclosureRepository.recordExport(op, freeText, p.id(), plan.id().value(), started);
        }
        last = p.id().value();
        for (Part file : files.values()) {
          if (file.text.length() >= settings.partBytes()) {
            file.seal(last);
          }
        }
      }
      done += page.size();
      if (page.size() < settings.pageSize()) {
        List<Document> output = new ArrayList<>();
        long resources = 0;
        for (Part file : files.values()) {
          file.seal(last);
          if (file.count > 0) {
            output.add(file.summary());
            resources += file.count;
          }
        }
        progress(jobs, plan, Math.min(done, total), total);
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

  /** Progress and the lease renewed; false if deleted; {@link LeaseLost} if taken over. */
  private boolean progress(ExportRepository jobs, Plan plan, long done, long total) {
    Instant now = clock.instant();
    if (jobs.progress(
        plan.id(),
        plan.holder(),
        done,
        total,
        Date.from(now),
        Date.from(now.plus(settings.lease())))) {
      return true;
    }
    if (jobs.find(plan.id())
        .map(j -> "RUNNING".equals(j.getString(ExportRepository.STATE)))
        .orElse(false)) {
      throw new LeaseLost();
    }
    return false;
  }

  /** The files as {@code p}'s lines go into them: those that do not hold {@code p} yet. */
  private static ExportContent.Files lines(Patient p, Map<String, Part> files) {
    return new ExportContent.Files() {
      @Override
      public boolean wants(String file) {
        Part part = files.get(file);
        return part != null && part.lacks(p);
      }

      @Override
      public void add(String file, String line) {
        files.get(file).add(line);
      }
    };
  }

  /**
   * One file being written: the text not sealed yet, the parts stored, the lines, and the last
   * patient in the sealed parts (patients come in id order, so a resumed run skips those up to it).
   */
  private final class Part {
    private final ExportRepository jobs;
    private final Plan plan;
    private final String type;
    private final Date expires;
    private final String header;
    private final StringBuilder text = new StringBuilder();
    private int lines;
    private int parts;
    private long count;
    private String through;

    Part(ExportRepository jobs, Plan plan, String type, Date expires, String header) {
      this.jobs = jobs;
      this.plan = plan;
      this.type = type;
      this.expires = expires;
      this.header = header;
      Document sealed = plan.sealed().map(s -> s.get(type, Document.class)).orElse(null);
      if (sealed != null) {
        parts = sealed.getInteger("parts");
        count = sealed.get("count", Number.class).longValue();
        through = sealed.getString("through");
      }
    }

    /** Whether {@code p}'s resources are not in the sealed parts yet. */
    boolean lacks(Patient p) {
      return through == null || p.id().value().compareTo(through) > 0;
    }

    void add(String line) {
      if (header != null && parts == 0 && lines == 0) {
        text.append(header).append('\n');
      }
      text.append(line).append('\n');
      lines++;
      count++;
    }

    /** Seals the text so far, which ends with patient {@code last}'s resources. */
    void seal(String last) {
      if (lines == 0) {
        return;
      }
      jobs.insertPart(
          plan.id(), type, parts, lines, freeText.seal(jobs.tenant(), text.toString()), expires);
      parts++;
      lines = 0;
      text.setLength(0);
      through = last;
      if (!jobs.sealed(plan.id(), plan.holder(), type, parts, count, last)) {
        throw new LeaseLost();
      }
    }

    Document summary() {
      return new Document("type", type).append("count", count).append("parts", parts);
    }
  }
}
