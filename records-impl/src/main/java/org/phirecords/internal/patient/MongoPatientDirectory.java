package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.phirecords.internal.patient.PatientDocuments.ID;
import static org.phirecords.internal.patient.PatientDocuments.VERSION;

import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.PatientDirectory;

/** {@link PatientDirectory} on the tenant-scoped {@code patients} collection. */
@ApplicationScoped
public class MongoPatientDirectory implements PatientDirectory {
  /** Most patients one name-and-birth-date search returns. */
  static final int MAX_MATCHES = 20;

  private CurrentCaller callers;
  private TenantCollections collections;
  private AuditTrail audit;
  private IdentityProtection protection;

  /** For CDI. */
  protected MongoPatientDirectory() {}

  /** The directory. */
  @Inject
  public MongoPatientDirectory(
      CurrentCaller callers,
      TenantCollections collections,
      AuditTrail audit,
      IdentityProtection protection) {
    this.callers = callers;
    this.collections = collections;
    this.audit = audit;
    this.protection = protection;
  }

  @Override
  @RequiresPermission(Permission.PATIENT_CREATE)
  public Patient create(PatientData data) {
    Caller caller = callers.require();
    TenantScopedCollection patients = handle(caller, Permission.PATIENT_CREATE);
    PatientId id = PatientId.random();
    Instant now = Instant.now();
    Document doc = PatientDocuments.newRecord(protection, patients.tenant(), id, data, now);
    WriteIntent intent =
        audit.intend(
            caller,
            Permission.PATIENT_CREATE,
            StoredCollection.PATIENTS,
            ID,
            id.value(),
            id.value(),
            1L,
            "PatientDirectory.create");
    doc.append(WriteIntent.STAMP, intent.id());
    try {
      patients.insertOne(doc);
    } catch (MongoException e) {
      if (StoreErrors.isDuplicateKey(e)) {
        audit.conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new RecordsException(ErrorCode.DUPLICATE, "A patient with this MRN already exists.");
      }
      throw e;
    }
    audit.conclude(intent, AuditOutcome.SUCCESS, 1);
    return new Patient(id, data, 1L, now);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_READ)
  public Patient get(PatientId id) {
    Caller caller = callers.require();
    TenantScopedCollection patients = handle(caller, Permission.PATIENT_READ);
    Optional<Document> doc = patients.findOne(eq(ID, id.value()), null, null);
    return found(caller, patients, Permission.PATIENT_READ, id, doc, "get");
  }

  @Override
  @RequiresPermission(Permission.PATIENT_UPDATE)
  public Patient update(PatientId id, long expectedVersion, PatientData data) {
    Caller caller = callers.require();
    TenantScopedCollection patients = handle(caller, Permission.PATIENT_UPDATE);
    Document set =
        protection
            .seal(patients.tenant(), PatientDocuments.fields(data))
            .append("updatedAt", new Date());
    WriteIntent intent =
        audit.intend(
            caller,
            Permission.PATIENT_UPDATE,
            StoredCollection.PATIENTS,
            ID,
            id.value(),
            id.value(),
            expectedVersion + 1,
            "PatientDirectory.update");
    Optional<Document> after;
    try {
      after =
          patients.findOneAndUpdate(
              and(eq(ID, id.value()), eq(VERSION, expectedVersion)),
              new Document("$set", set.append(WriteIntent.STAMP, intent.id()))
                  .append("$inc", new Document(VERSION, 1L)));
    } catch (MongoException e) {
      if (StoreErrors.isDuplicateKey(e)) {
        audit.conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new RecordsException(ErrorCode.DUPLICATE, "A patient with this MRN already exists.");
      }
      throw e;
    }
    if (after.isEmpty()) {
      boolean exists = patients.exists(eq(ID, id.value()));
      audit.conclude(intent, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND, 0);
      throw exists ? new VersionConflictException() : new NotFoundException();
    }
    audit.conclude(intent, AuditOutcome.SUCCESS, 1);
    return PatientDocuments.toPatient(protection.open(patients.tenant(), after.get()));
  }

  @Override
  @RequiresPermission(Permission.PATIENT_SEARCH)
  public Patient findByMrn(Mrn mrn) {
    Caller caller = callers.require();
    TenantScopedCollection patients = handle(caller, Permission.PATIENT_SEARCH);
    Optional<Document> doc =
        patients.findOne(
            protection.matching(patients.tenant(), PatientDocuments.MRN, mrn.value()), null, null);
    return found(caller, patients, Permission.PATIENT_SEARCH, null, doc, "findByMrn");
  }

  @Override
  @RequiresPermission(Permission.PATIENT_SEARCH)
  public List<Patient> findByNameAndBirthDate(String familyName, LocalDate birthDate) {
    Caller caller = callers.require();
    TenantScopedCollection patients = handle(caller, Permission.PATIENT_SEARCH);
    List<Patient> found =
        patients
            .find(
                protection.matchingNameDob(patients.tenant(), familyName, birthDate.toString()),
                null,
                null,
                MAX_MATCHES)
            .stream()
            .map(d -> PatientDocuments.toPatient(protection.open(patients.tenant(), d)))
            .toList();
    // One event per patient disclosed, so each patient's access history shows this search.
    if (found.isEmpty()) {
      record(
          caller,
          Permission.PATIENT_SEARCH,
          null,
          AuditOutcome.NOT_FOUND,
          "findByNameAndBirthDate",
          0);
    }
    for (Patient p : found) {
      record(
          caller,
          Permission.PATIENT_SEARCH,
          p.id(),
          AuditOutcome.SUCCESS,
          "findByNameAndBirthDate",
          found.size());
    }
    return found;
  }

  private Patient found(
      Caller caller,
      TenantScopedCollection patients,
      Permission permission,
      PatientId asked,
      Optional<Document> doc,
      String op) {
    if (doc.isEmpty()) {
      record(caller, permission, asked, AuditOutcome.NOT_FOUND, op, 0);
      throw new NotFoundException();
    }
    Patient patient = PatientDocuments.toPatient(protection.open(patients.tenant(), doc.get()));
    // Fail closed: the PHI is returned only after this event is durable.
    record(caller, permission, patient.id(), AuditOutcome.SUCCESS, op, 1);
    return patient;
  }

  private TenantScopedCollection handle(Caller caller, Permission permission) {
    return collections.forCaller(StoredCollection.PATIENTS, caller, permission);
  }

  private void record(
      Caller caller,
      Permission permission,
      PatientId id,
      AuditOutcome outcome,
      String operation,
      int count) {
    String patientId = id == null ? null : id.value();
    audit.record(
        caller,
        permission.action(),
        permission.resourceType(),
        patientId,
        patientId,
        outcome,
        "PatientDirectory." + operation,
        count);
  }
}
