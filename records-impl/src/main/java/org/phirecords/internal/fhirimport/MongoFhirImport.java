package org.phirecords.internal.fhirimport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.internal.clinical.ClinicalBatches;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.fhirimport.BundlePlan.PlannedEntry;
import org.phirecords.internal.fhirimport.BundlePlan.PlannedPatient;
import org.phirecords.internal.fhirimport.FhirOutcomes.Result;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.model.FhirAnswer;
import org.phirecords.model.PatientBatch;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.FhirImport;

/**
 * {@link FhirImport}: a Bundle checked, validated and resolved before anything is stored (ADR 37),
 * then written through the services the API uses (each write authorized, encrypted, sealed and
 * audited as they do it): the new patients in one batch registration (ADR 34) with ids chosen here,
 * then each entry under the id derived from its source identifier. A transaction first stores its
 * intent and is rolled back ({@link ImportTransactions}) if it does not complete.
 */
@ApplicationScoped
public class MongoFhirImport implements FhirImport {
  private Operations operations;
  private MongoPatientDirectory directory;
  private MongoClinicalRecords clinical;
  private ImportTransactions transactions;
  private int maxEntries;

  /** For CDI. */
  protected MongoFhirImport() {}

  /** The import over these services (their intercepted forms). */
  @Inject
  public MongoFhirImport(
      Operations operations,
      MongoPatientDirectory directory,
      MongoClinicalRecords clinical,
      ImportTransactions transactions,
      RecordsConfig config) {
    this.operations = operations;
    this.directory = directory;
    this.clinical = clinical;
    this.transactions = transactions;
    this.maxEntries =
        config.value("records.import.max-bundle-entries").map(Integer::parseInt).orElse(1000);
  }

  @Override
  @RequiresPermission(Permission.RECORD_IMPORT)
  public FhirAnswer importBundle(String bundleJson) {
    Operation op = operations.current();
    TenantId tenant = op.caller().tenant().orElseThrow();
    BundlePlan plan;
    PatientResolution patients;
    try {
      plan = BundlePlan.of(bundleJson, tenant, maxEntries);
      if (plan.transaction && !plan.refused.isEmpty()) {
        throw plan.refused.values().iterator().next();
      }
      patients = new PatientResolution(directory, plan, tenant);
    } catch (ImportRefusal r) {
      op.record(AuditOutcome.INVALID, null, null, 0);
      return FhirOutcomes.refused(r);
    }
    Map<Integer, RecordId> recordIds = new LinkedHashMap<>();
    for (PlannedEntry e : plan.entries) {
      try {
        PatientId patient = patients.subject(e);
        recordIds.put(e.index(), ImportIds.recordId(tenant, patient, e.type(), e.source()));
      } catch (ImportRefusal r) {
        if (plan.transaction) {
          op.record(AuditOutcome.INVALID, null, null, 0);
          return FhirOutcomes.refused(r.at(e.index()));
        }
        plan.refused.put(e.index(), r.at(e.index()));
      }
    }
    String job = plan.transaction ? UUID.randomUUID().toString() : null;
    if (job != null) {
      ImportJobRepository.open(
          op,
          job,
          patients.fresh().stream().map(p -> patients.id(p).value()).toList(),
          recordIds.values().stream().map(RecordId::value).toList());
    }
    try {
      List<Result> results = write(plan, patients, recordIds, job);
      if (job != null && !transactions.commit(tenant, job)) {
        throw new ImportRefusal(ErrorCode.IMPORT_ROLLED_BACK, -1, "transaction");
      }
      long stored = results.stream().filter(r -> r.status().startsWith("201")).count();
      op.record(AuditOutcome.SUCCESS, job, null, (int) stored);
      if (!plan.refused.isEmpty()) {
        op.record(AuditOutcome.INVALID, job, null, plan.refused.size());
      }
      return FhirOutcomes.response(plan.transaction, results);
    } catch (ImportRefusal r) {
      if (job != null) {
        transactions.rollBack(tenant, job);
      }
      op.record(AuditOutcome.CONFLICT, job, null, 0);
      return FhirOutcomes.refused(r);
    } catch (RuntimeException e) {
      if (job != null) {
        transactions.rollBack(tenant, job);
      }
      throw e;
    }
  }

  /**
   * Writes batch {@code plan} within the current operation (a bulk import's chunk, ADR 40): its
   * entries' record ids derived, then as {@link #write}; what became of each entry, by position.
   */
  List<Result> writeBatch(BundlePlan plan, PatientResolution patients, TenantId tenant) {
    Map<Integer, RecordId> recordIds = new LinkedHashMap<>();
    for (PlannedEntry e : plan.entries) {
      try {
        PatientId patient = patients.subject(e);
        recordIds.put(e.index(), ImportIds.recordId(tenant, patient, e.type(), e.source()));
      } catch (ImportRefusal r) {
        plan.refused.put(e.index(), r.at(e.index()));
      }
    }
    return write(plan, patients, recordIds, null);
  }

  /** The directory the import registers patients through. */
  MongoPatientDirectory directory() {
    return directory;
  }

  /** What became of entry {@code e}, stored as {@code id}; a transaction fails on a refusal. */
  private static Result result(
      PlannedEntry e, RecordId id, ClinicalBatches.Outcome outcome, String job) {
    String location = e.type() + "/" + id.value();
    return switch (outcome) {
      case CREATED -> Result.created(e.index(), location);
      case ALREADY_PRESENT -> Result.present(e.index(), location);
      case PATIENT_NOT_FOUND -> {
        // Its patient left the caller's reach (or force) since it was resolved.
        ImportRefusal r = new ImportRefusal(ErrorCode.FHIR_BAD_REFERENCE, e.index(), "subject");
        if (job != null) {
          throw r;
        }
        yield Result.refused(r);
      }
    };
  }

  /** Writes the plan's patients, then its entries; what became of each entry, by position. */
  private List<Result> write(
      BundlePlan plan, PatientResolution patients, Map<Integer, RecordId> recordIds, String job) {
    Map<Integer, Result> results = new HashMap<>();
    plan.refused.values().forEach(r -> results.put(r.entry(), Result.refused(r)));
    List<PlannedPatient> fresh = patients.fresh();
    List<PatientData> data = fresh.stream().map(PlannedPatient::data).toList();
    List<PatientId> ids = fresh.stream().map(patients::id).toList();
    PatientBatch batch =
        fresh.isEmpty() ? new PatientBatch(List.of()) : directory.importAll(data, ids, job);
    for (int i = 0; i < fresh.size(); i++) {
      if (batch.entries().get(i).outcome() == PatientBatch.Outcome.ALREADY_PRESENT) {
        // Registered meanwhile by someone else: entries would go to the wrong id.
        if (job != null) {
          throw new ImportRefusal(ErrorCode.IMPORT_ROLLED_BACK, -1, "Patient.identifier");
        }
        patients.refresh(fresh.get(i));
      }
    }
    for (PlannedPatient p : plan.patients) {
      String location = "Patient/" + patients.id(p).value();
      boolean created =
          fresh.contains(p)
              && batch.entries().get(fresh.indexOf(p)).outcome() == PatientBatch.Outcome.CREATED;
      results.put(
          p.index(),
          created ? Result.created(p.index(), location) : Result.present(p.index(), location));
    }
    List<PlannedEntry> planned =
        plan.entries.stream().filter(e -> recordIds.containsKey(e.index())).toList();
    for (int from = 0; from < planned.size(); from += PatientBatch.MAX_ENTRIES) {
      List<PlannedEntry> part =
          planned.subList(from, Math.min(planned.size(), from + PatientBatch.MAX_ENTRIES));
      List<ClinicalBatches.Outcome> outcomes =
          clinical.importAll(
              part.stream()
                  .map(
                      e ->
                          new ClinicalBatches.Imported(
                              patients.subject(e), recordIds.get(e.index()), e.data()))
                  .toList(),
              job);
      for (int k = 0; k < part.size(); k++) {
        PlannedEntry e = part.get(k);
        results.put(e.index(), result(e, recordIds.get(e.index()), outcomes.get(k), job));
      }
    }
    List<Result> ordered = new ArrayList<>();
    for (int i = 0; i < plan.size; i++) {
      ordered.add(results.get(i));
    }
    return ordered;
  }
}
