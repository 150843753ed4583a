package org.phirecords.internal.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.amendment.AmendmentRequests;
import org.phirecords.internal.audit.export.AuditEventRepository;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.MergedRegistrations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.notification.PatientNotice;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;
import org.phirecords.service.ClinicalRecords;
import org.phirecords.service.PatientDirectory;
import org.phirecords.service.PatientRights;

/**
 * {@link PatientRights}: access history from the audit trail, the electronic copy through the
 * identity and clinical services, and amendment requests ({@link AmendmentRequests}). Patients
 * reach only their own record (the handles are owner-scoped, and a request naming another patient
 * answers 404 like a missing one).
 */
@ApplicationScoped
public class MongoPatientRights implements PatientRights {
  /** Open amendment requests a patient may have unless configured otherwise. */
  static final int DEFAULT_MAX_OPEN_AMENDMENTS = 10;

  private Operations operations;
  private TenantRepository tenants;
  private PatientDirectory directory;
  private ClinicalRecords clinical;
  private AmendmentRequests amendments;
  private RecordsConfig config;
  private Clock clock = Clock.systemUTC();
  private Event<PatientNotice> notices;

  /** For CDI. */
  protected MongoPatientRights() {}

  /** Rights within the current operation; identity and clinical data through their services. */
  @Inject
  public MongoPatientRights(
      Operations operations,
      TenantCollections collections,
      PatientDirectory directory,
      ClinicalRecords clinical,
      AmendmentRequests amendments,
      RecordsConfig config) {
    this.operations = operations;
    this.tenants = new TenantRepository(collections);
    this.directory = directory;
    this.clinical = clinical;
    this.amendments = amendments;
    this.config = config;
  }

  /** Where notices to patients go (ADR 47); without it, none are sent. */
  @Inject
  public void notifying(Event<PatientNotice> events) {
    this.notices = events;
  }

  /** The same with another clock (tests of deadlines and copies). */
  public MongoPatientRights withClock(Clock other) {
    MongoPatientRights copy = new MongoPatientRights();
    copy.operations = operations;
    copy.tenants = tenants;
    copy.directory = directory;
    copy.clinical = clinical;
    copy.amendments = amendments.withClock(other);
    copy.config = config;
    copy.clock = other;
    copy.notices = notices;
    return copy;
  }

  @Override
  @RequiresPermission(Permission.ACCESS_HISTORY_READ)
  public Page<AccessRecord> accessHistory(PatientId patient, PageRequest page) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    Page<AuditEvent> accesses =
        AuditEventRepository.byOthers(op, MergedRegistrations.linked(op, patient), page);
    Optional<TenantRegistration> tenant = tenants.find(op.caller().tenant().orElseThrow());
    String organisation = tenant.map(TenantRegistration::displayName).orElse("");
    boolean showStaff =
        tenant
            .flatMap(TenantRegistration::accessHistoryShowsStaff)
            .orElseGet(
                () ->
                    config
                        .value("records.portal.show-staff-identity")
                        .map(Boolean::parseBoolean)
                        .orElse(false));
    List<AccessRecord> history = new ArrayList<>();
    for (AuditEvent e : accesses.items()) {
      // A personal representative's access shows as theirs, with their subject (ADR 46).
      boolean representative = e.purposeOfUse() == PurposeOfUse.REPRESENTATIVE_REQUEST;
      String role =
          representative
              ? "personal representative"
              : e.roles().stream()
                  .min(Comparator.naturalOrder())
                  .map(Role::groupName)
                  .orElse("unknown");
      history.add(
          new AccessRecord(
              e.occurredAt(),
              role,
              organisation,
              e.purposeOfUse(),
              e.action(),
              e.resourceType(),
              showStaff || representative ? e.subject() : null));
    }
    op.record(AuditOutcome.SUCCESS, patient.value(), patient.value(), history.size());
    return new Page<>(history, accesses.nextCursor());
  }

  @Override
  @RequiresPermission(Permission.RECORD_EXPORT)
  public String electronicCopy(PatientId patient) {
    Operation op = operations.current();
    Copy copy = copy(op, patient);
    String bundle = FhirCopy.bundle(copy.identity(), copy.entries(), Date.from(clock.instant()));
    op.record(AuditOutcome.SUCCESS, patient.value(), patient.value(), copy.entries().size() + 1);
    return bundle;
  }

  @Override
  @RequiresPermission(Permission.RECORD_EXPORT)
  public byte[] electronicCopyPdf(PatientId patient) {
    Operation op = operations.current();
    Copy copy = copy(op, patient);
    byte[] pdf = PdfCopy.document(copy.identity(), copy.entries(), clock.instant());
    op.record(AuditOutcome.SUCCESS, patient.value(), patient.value(), copy.entries().size() + 1);
    return pdf;
  }

  private record Copy(Patient identity, List<ClinicalEntry> entries) {}

  private Copy copy(Operation op, PatientId patient) {
    PatientRepository.requireReachable(op, patient);
    // Through the services: each read is scoped, authorized and audited on its own.
    var identity = directory.get(patient);
    List<ClinicalEntry> entries = new ArrayList<>();
    // Every page: the copy is the whole record, never a first page of it.
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      // Entries marked entered-in-error too, flagged as such (FHIR's status, ADR 36).
      Page<ClinicalEntry> page = clinical.listWithEnteredInError(patient, request);
      entries.addAll(page.items());
      if (!page.hasMore()) {
        break;
      }
      request = request.next(page);
    }
    return new Copy(identity, entries);
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_REQUEST)
  public Amendment requestAmendment(PatientId patient, RecordId entry, String reason) {
    int maxOpen =
        config
            .value("records.amendments.max-open-per-patient")
            .map(Integer::parseInt)
            .orElse(DEFAULT_MAX_OPEN_AMENDMENTS);
    return amendments.request(patient, entry, reason, maxOpen);
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_READ)
  public Page<Amendment> amendments(PatientId patient, PageRequest page) {
    return amendments.of(patient, page);
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_READ)
  public Amendment amendment(AmendmentId id) {
    return amendments.get(id);
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_DECIDE)
  public Amendment accept(AmendmentId id, long expectedVersion, ClinicalData amended) {
    return decided(amendments.accept(id, expectedVersion, amended));
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_DECIDE)
  public Amendment deny(AmendmentId id, String reason) {
    return decided(amendments.deny(id, reason));
  }

  /** Tells the patient that a request was decided (ADR 47): once stored, ids only. */
  private Amendment decided(Amendment a) {
    if (notices != null) {
      String tenant = operations.current().caller().tenant().orElseThrow().value();
      notices.fireAsync(
          new PatientNotice(tenant, a.patientId().value(), PatientNotice.Kind.AMENDMENT_DECIDED));
    }
    return a;
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_DECIDE)
  public Amendment extend(AmendmentId id, String reason) {
    return amendments.extend(id, reason);
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_REQUEST)
  public Amendment disagree(AmendmentId id, String statement) {
    return amendments.disagree(id, statement);
  }
}
