package org.phirecords.internal.patient;

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
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.careteam.CareTeamRepository;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.MembershipRepository;
import org.phirecords.internal.organisation.OrganisationRepository;
import org.phirecords.internal.organisation.OrganisationTree;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.Reach;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.model.Mrn;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationStatus;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientBatch;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.PatientDirectory;

/** {@link PatientDirectory} on the tenant-scoped {@code patients} collection. */
@ApplicationScoped
public class MongoPatientDirectory implements PatientDirectory {
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
    if (!op.reach(Permission.PATIENT_CREATE).allOrganisations()) {
      // A new patient has no membership yet: no one reaching below the tenant could see it.
      op.record(AuditOutcome.DENIED, null, null, 0);
      throw new RecordsException(ErrorCode.REGISTRATION_NEEDS_TENANT_ROLE);
    }
    return register(op, data, null);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_CREATE)
  public Patient create(PatientData data, OrganisationId registeredAt) {
    Operation op = operations.current();
    OrganisationTree tree =
        OrganisationRepository.of(operations.collections(), op.caller().tenant().orElseThrow())
            .tree();
    Optional<OrganisationStatus> status = tree.effectiveStatus(registeredAt);
    if (status.isEmpty() || !op.reach(Permission.PATIENT_CREATE).admits(registeredAt.value())) {
      // An organisation out of the caller's reach is as unknown as a missing one.
      op.record(AuditOutcome.NOT_FOUND, registeredAt.value(), null, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_NOT_FOUND);
    }
    if (status.get() != OrganisationStatus.ACTIVE) {
      op.record(AuditOutcome.CONFLICT, registeredAt.value(), null, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_STATE);
    }
    return register(op, data, registeredAt);
  }

  /**
   * Stores a new patient; registered at {@code organisation} if given, first the patient with that
   * membership in its reach (one write), then the membership itself: a crash between leaves the
   * registering caller's access, which the patient's next membership change narrows to the
   * memberships stored (ADR 27). A physician narrowed to their care teams is put on the new
   * patient's team the same way (ADR 30). A duplicate MRN fails before either.
   */
  private Patient register(Operation op, PatientData data, OrganisationId organisation) {
    Optional<String> careTeam = op.reach(Permission.PATIENT_CREATE).careTeamOf();
    PatientRepository patients = repository(op);
    PatientId id = PatientId.random();
    Instant now = Instant.now();
    Document sealed = patients.sealed(id, data, now);
    WriteIntent intent = patients.announce(id, 1L, IntegrationEventType.PATIENT_REGISTERED, null);
    Document seal;
    try {
      seal =
          patients.insert(
              sealed,
              intent,
              organisation == null
                  ? null
                  : List.of(Reach.entry(organisation.value(), Date.from(now), null)),
              careTeam.map(List::of).orElse(null));
    } catch (MongoException e) {
      throw duplicate(op, intent, e);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1, seal);
    if (organisation != null) {
      MembershipRepository.register(op, operations.collections(), id, organisation, now);
    }
    careTeam.ifPresent(
        subject -> CareTeamRepository.register(op, operations.collections(), id, subject, now));
    return new Patient(id, data, 1L, now);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_CREATE)
  public PatientBatch createAll(List<PatientData> batch) {
    Operation op = operations.current();
    return new PatientBatches(op, repository(op)).register(batch);
  }

  /**
   * {@link #createAll} with the patients' ids chosen by the caller (an import, which announces them
   * first), each marked with the import transaction {@code importTx} if not null (ADR 37).
   */
  @RequiresPermission(Permission.PATIENT_CREATE)
  public PatientBatch importAll(List<PatientData> batch, List<PatientId> ids, String importTx) {
    Operation op = operations.current().named("PatientDirectory.createAll");
    return new PatientBatches(op, repository(op)).register(batch, ids, importTx);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_READ)
  public Patient get(PatientId id) {
    Operation op = operations.current();
    PatientRepository patients = repository(op);
    Optional<Patient> found = patients.byId(id);
    if (found.isEmpty()) {
      withdrawn(op, patients, id);
    }
    return found(op, id, found);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_DELETE)
  public long enterInError(PatientId id, long expectedVersion) {
    Operation op = operations.current();
    PatientRepository patients = repository(op);
    if (!patients.exists(id)) {
      withdrawn(op, patients, id);
      throw op.notFound(id.value(), id.value());
    }
    // Its own entries, and those of registrations merged into it (ADR 36).
    List<PatientId> linked = PatientRepository.linked(op, id);
    if (linked.stream().anyMatch(p -> ClinicalRepository.anyInForce(op, p))) {
      // Hiding the patient would leave entries readable by their ids without their patient.
      op.record(AuditOutcome.CONFLICT, id.value(), id.value(), 0);
      throw new RecordsException(ErrorCode.PATIENT_HAS_ENTRIES);
    }
    WriteIntent intent =
        patients.announce(
            id, expectedVersion + 1, IntegrationEventType.ENTRY_ENTERED_IN_ERROR, null);
    Optional<Document> seal =
        new PatientMarks(patients)
            .enteredInError(id, expectedVersion, op.caller().subject(), intent);
    if (seal.isEmpty()) {
      boolean exists = patients.exists(id);
      op.conclude(intent, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND, 0);
      throw exists
          ? new VersionConflictException()
          : new PatientMarks(patients)
              .state(id)
              .<RecordsException>map(PatientDocuments::gone)
              .orElseGet(NotFoundException::new);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1, seal.get());
    return expectedVersion + 1;
  }

  /**
   * Throws for a registration within reach that is no longer in force (ADR 36), audited as not
   * found: 410, naming the survivor if it was merged; returns if there is none.
   */
  static void withdrawn(Operation op, PatientRepository patients, PatientId id) {
    Optional<Document> state = new PatientMarks(patients).state(id);
    if (state.isPresent() && !PatientDocuments.inForce(state.get())) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), id.value(), 0);
      throw PatientDocuments.gone(state.get());
    }
  }

  @Override
  @RequiresPermission(Permission.PATIENT_UPDATE)
  public Patient update(PatientId id, long expectedVersion, PatientData data) {
    Operation op = operations.current();
    PatientRepository patients = repository(op);
    Document sealed = patients.sealedFields(data);
    WriteIntent intent =
        patients.announce(id, expectedVersion + 1, IntegrationEventType.PATIENT_UPDATED, null);
    Optional<PatientRepository.Written> after;
    try {
      after = patients.replace(id, expectedVersion, sealed, intent);
    } catch (MongoException e) {
      throw duplicate(op, intent, e);
    }
    if (after.isEmpty()) {
      boolean exists = patients.exists(id);
      op.conclude(intent, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND, 0);
      new PatientMarks(patients)
          .state(id)
          .filter(d -> !exists && !PatientDocuments.inForce(d))
          .ifPresent(
              d -> {
                throw PatientDocuments.gone(d);
              });
      throw exists ? new VersionConflictException() : new NotFoundException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1, after.get().seal());
    return after.get().patient();
  }

  @Override
  @RequiresPermission(Permission.PATIENT_SEARCH)
  public Patient findByMrn(Mrn mrn) {
    Operation op = operations.current();
    return found(op, null, repository(op).byMrn(mrn));
  }

  @Override
  @RequiresPermission(Permission.PATIENT_SEARCH)
  public Page<Patient> findByNameAndBirthDate(
      String familyName, LocalDate birthDate, PageRequest request) {
    Operation op = operations.current();
    PageCursor cursors =
        PageCursor.of("patients-by-name", op.caller().tenant().orElseThrow().value(), "");
    Page<Patient> page =
        cursors.page(
            repository(op)
                .byNameAndBirthDate(
                    familyName,
                    birthDate,
                    cursors.parsed(request, PatientId::new),
                    request.limit() + 1),
            request,
            p -> p.id().value());
    List<Patient> found = page.items();
    // One event per patient disclosed, so each patient's access history shows this search.
    if (found.isEmpty()) {
      op.record(AuditOutcome.NOT_FOUND, null, null, 0);
    }
    for (Patient p : found) {
      op.record(AuditOutcome.SUCCESS, p.id().value(), p.id().value(), found.size());
    }
    return page;
  }

  private static Patient found(Operation op, PatientId asked, Optional<Patient> patient) {
    if (patient.isEmpty()) {
      String id = asked == null ? null : asked.value();
      throw op.notFound(id, id);
    }
    // Fail closed: the PHI is returned only after this event is durable.
    op.record(AuditOutcome.SUCCESS, patient.get().id().value(), patient.get().id().value(), 1);
    return patient.get();
  }

  /** A duplicate MRN concludes the write as a conflict (409); anything else propagates. */
  private static RuntimeException duplicate(Operation op, WriteIntent intent, MongoException e) {
    if (!StoreErrors.isDuplicateKey(e)) {
      return e;
    }
    op.conclude(intent, AuditOutcome.CONFLICT, 0);
    return new RecordsException(ErrorCode.DUPLICATE, "A patient with this MRN already exists.");
  }

  private PatientRepository repository(Operation op) {
    return new PatientRepository(op, protection);
  }
}
