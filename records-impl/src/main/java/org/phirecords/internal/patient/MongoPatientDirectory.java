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
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.PatientDirectory;

/** {@link PatientDirectory} on the tenant-scoped {@code patients} collection. */
@ApplicationScoped
public class MongoPatientDirectory implements PatientDirectory {
  /** Most patients one name-and-birth-date search returns. */
  static final int MAX_MATCHES = 20;

  private Operations operations;
  private IdentityProtection protection;

  /** For CDI. */
  protected MongoPatientDirectory() {}

  /** The directory, within the current operation; identifiers sealed by {@code protection}. */
  @Inject
  public MongoPatientDirectory(Operations operations, IdentityProtection protection) {
    this.operations = operations;
    this.protection = protection;
  }

  @Override
  @RequiresPermission(Permission.PATIENT_CREATE)
  public Patient create(PatientData data) {
    Operation op = operations.current();
    TenantScopedCollection patients = handle(op);
    PatientId id = PatientId.random();
    Instant now = Instant.now();
    Document doc = PatientDocuments.newRecord(protection, patients.tenant(), id, data, now);
    WriteIntent intent = op.intend(StoredCollection.PATIENTS, ID, id.value(), id.value(), 1L);
    doc.append(WriteIntent.STAMP, intent.id());
    try {
      patients.insertOne(doc);
    } catch (MongoException e) {
      if (StoreErrors.isDuplicateKey(e)) {
        op.conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new RecordsException(ErrorCode.DUPLICATE, "A patient with this MRN already exists.");
      }
      throw e;
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return new Patient(id, data, 1L, now);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_READ)
  public Patient get(PatientId id) {
    Operation op = operations.current();
    TenantScopedCollection patients = handle(op);
    Optional<Document> doc = patients.findOne(eq(ID, id.value()), null, null);
    return found(op, patients, id, doc);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_UPDATE)
  public Patient update(PatientId id, long expectedVersion, PatientData data) {
    Operation op = operations.current();
    TenantScopedCollection patients = handle(op);
    Document set =
        protection
            .seal(patients.tenant(), PatientDocuments.fields(data))
            .append("updatedAt", new Date());
    WriteIntent intent =
        op.intend(StoredCollection.PATIENTS, ID, id.value(), id.value(), expectedVersion + 1);
    Optional<Document> after;
    try {
      after =
          patients.findOneAndUpdate(
              and(eq(ID, id.value()), eq(VERSION, expectedVersion)),
              new Document("$set", set.append(WriteIntent.STAMP, intent.id()))
                  .append("$inc", new Document(VERSION, 1L)));
    } catch (MongoException e) {
      if (StoreErrors.isDuplicateKey(e)) {
        op.conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new RecordsException(ErrorCode.DUPLICATE, "A patient with this MRN already exists.");
      }
      throw e;
    }
    if (after.isEmpty()) {
      boolean exists = patients.exists(eq(ID, id.value()));
      op.conclude(intent, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND, 0);
      throw exists ? new VersionConflictException() : new NotFoundException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return PatientDocuments.toPatient(protection.open(patients.tenant(), after.get()));
  }

  @Override
  @RequiresPermission(Permission.PATIENT_SEARCH)
  public Patient findByMrn(Mrn mrn) {
    Operation op = operations.current();
    TenantScopedCollection patients = handle(op);
    Optional<Document> doc =
        patients.findOne(
            protection.matching(patients.tenant(), PatientDocuments.MRN, mrn.value()), null, null);
    return found(op, patients, null, doc);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_SEARCH)
  public List<Patient> findByNameAndBirthDate(String familyName, LocalDate birthDate) {
    Operation op = operations.current();
    TenantScopedCollection patients = handle(op);
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
      op.record(AuditOutcome.NOT_FOUND, null, null, 0);
    }
    for (Patient p : found) {
      op.record(AuditOutcome.SUCCESS, p.id().value(), p.id().value(), found.size());
    }
    return found;
  }

  private Patient found(
      Operation op, TenantScopedCollection patients, PatientId asked, Optional<Document> doc) {
    if (doc.isEmpty()) {
      String id = asked == null ? null : asked.value();
      throw op.notFound(id, id);
    }
    Patient patient = PatientDocuments.toPatient(protection.open(patients.tenant(), doc.get()));
    // Fail closed: the PHI is returned only after this event is durable.
    op.record(AuditOutcome.SUCCESS, patient.id().value(), patient.id().value(), 1);
    return patient;
  }

  private static TenantScopedCollection handle(Operation op) {
    return op.handle(StoredCollection.PATIENTS);
  }
}
