package org.phirecords.internal.clinical;

import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.VersionConflictException;
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.analytics.AnalyticsProjection;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.MergedRegistrations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.ClinicalRecords;

/**
 * {@link ClinicalRecords} on {@code clinical_entries}. Each version is its own immutable document;
 * the unique index on (tenant, record, version) makes concurrent updates of the same version
 * collide, which gives optimistic concurrency without transactions.
 */
@ApplicationScoped
public class MongoClinicalRecords implements ClinicalRecords {
  private static final String ENTRIES = "entries";
  private static final String VERSIONS = "versions";
  private static final String ENTERED_IN_ERROR_TOO = "entries-with-entered-in-error";

  private Operations operations;
  private FreeTextProtection freeText;
  private AnalyticsProjection analytics;

  /** For CDI. */
  protected MongoClinicalRecords() {}

  /**
   * The records, run within the operations the authorization interceptor opens; free text protected
   * by {@code freeText}.
   */
  @Inject
  public MongoClinicalRecords(Operations operations, FreeTextProtection freeText) {
    this.operations = operations;
    this.freeText = freeText;
  }

  /** The analytics projection written after each version (ADR 43); unset: none. */
  @Inject
  public void projectInto(AnalyticsProjection analytics) {
    this.analytics = analytics;
  }

  private void project(Operation op, Document version) {
    if (analytics != null) {
      analytics.entryWritten(op.caller().tenant().orElseThrow(), op.seals(), version);
    }
  }

  private ClinicalRepository entries(Operation op) {
    return new ClinicalRepository(op, freeText, Clearance.of(op, operations.collections()));
  }

  private PatientEntries reader(Operation op) {
    return new PatientEntries(op, entries(op), freeText);
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_CREATE)
  public ClinicalEntry create(PatientId patient, ClinicalData data) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    ClinicalRepository entries = entries(op);
    RecordId id = RecordId.random();
    entries.clearance().requireCleared(op, data.sensitivity(), id.value(), patient.value());
    Document doc = ClinicalDocuments.toDocument(id, patient, 1L, data, op.caller().subject(), null);
    Document sealed = entries.sealed(doc);
    WriteIntent intent = entries.announce(id, patient, 1L, IntegrationEventType.ENTRY_RECORDED);
    op.conclude(intent, AuditOutcome.SUCCESS, 1, entries.insert(sealed, intent));
    project(op, doc);
    return ClinicalDocuments.toEntry(doc);
  }

  /**
   * Records version 1 of each imported entry of {@code batch} (ids derived from the resources'
   * source identifiers, ADR 37) as one batch (ADR 40), each marked with the import transaction
   * {@code importTx} if not null; what became of each, by position. An entry already stored is left
   * as it is, so re-importing is harmless. Audited as creates: an event per entry stored.
   */
  @RequiresPermission(Permission.CLINICAL_CREATE)
  public List<ClinicalBatches.Outcome> importAll(
      List<ClinicalBatches.Imported> batch, String importTx) {
    Operation op = operations.current().named("ClinicalRecords.createAll");
    ClinicalBatches.Result result = new ClinicalBatches(op, entries(op)).importAll(batch, importTx);
    if (analytics != null && !result.stored().isEmpty()) {
      analytics.entriesWritten(op.caller().tenant().orElseThrow(), op.seals(), result.stored());
    }
    return result.outcomes();
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_READ)
  public ClinicalEntry get(RecordId id) {
    Operation op = operations.current();
    PatientEntries reader = reader(op);
    ClinicalEntry found =
        ClinicalDocuments.toEntry(EntryChecks.inForce(op, reader.repository().latest(id), id));
    ClinicalEntry entry = reader.withAmendments(List.of(found.patientId()), List.of(found)).get(0);
    op.record(AuditOutcome.SUCCESS, id.value(), entry.patientId().value(), 1);
    return entry;
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_READ)
  public Page<ClinicalEntry> listByPatient(PatientId patient, PageRequest request) {
    return list(operations.current(), patient, request, false);
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_READ)
  public Page<ClinicalEntry> listWithEnteredInError(PatientId patient, PageRequest request) {
    return list(operations.current(), patient, request, true);
  }

  private Page<ClinicalEntry> list(
      Operation op, PatientId patient, PageRequest request, boolean withEnteredInError) {
    PatientRepository.requireReachable(op, patient);
    // The entries of registrations merged into this one are listed with its own (ADR 36).
    List<PatientId> owners = MergedRegistrations.linked(op, patient);
    PageCursor cursors =
        cursors(op, withEnteredInError ? ENTERED_IN_ERROR_TOO : ENTRIES, patient.value());
    Optional<RecordId> after = cursors.parsed(request, RecordId::new);
    PatientEntries reader = reader(op);
    Page<ClinicalEntry> page =
        cursors.page(
            reader.latest(owners, after, request.limit() + 1, withEnteredInError),
            request,
            e -> e.id().value());
    page = new Page<>(reader.withAmendments(owners, page.items()), page.nextCursor());
    op.record(AuditOutcome.SUCCESS, null, patient.value(), page.items().size());
    return page;
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_READ)
  public Page<ClinicalEntry> history(RecordId id, PageRequest request) {
    Operation op = operations.current();
    PatientEntries reader = reader(op);
    ClinicalRepository repository = reader.repository();
    PageCursor cursors = cursors(op, VERSIONS, id.value());
    long after = cursors.number(request).orElse(0L);
    List<Document> versions = repository.versions(id, after, request.limit() + 1);
    // An entry has a version 1; a page past its last version (a forged cursor) is empty.
    Document any =
        versions.isEmpty() ? EntryChecks.latest(op, repository.head(id), id) : versions.get(0);
    String patient = any.getString(ClinicalDocuments.PATIENT);
    EntryChecks.requirePatientNotWithdrawn(op, id, new PatientId(patient));
    Page<ClinicalEntry> page =
        cursors
            .page(versions, request, d -> d.get(ClinicalDocuments.VERSION).toString())
            .map(ClinicalDocuments::toEntry);
    page =
        new Page<>(
            reader.withAmendments(List.of(new PatientId(patient)), page.items()),
            page.nextCursor());
    op.record(AuditOutcome.SUCCESS, id.value(), patient, page.items().size());
    return page;
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_UPDATE)
  public ClinicalEntry update(RecordId id, long expectedVersion, ClinicalData data) {
    return store(operations.current(), id, expectedVersion, data, null);
  }

  /**
   * Stores version {@code expectedVersion + 1} as the acceptance of {@code amendment}: the version
   * carries the request's id, so that an interrupted acceptance can find it and complete the
   * request instead of writing again (see {@link #versionAmending}). Audited as an update.
   */
  @RequiresPermission(Permission.CLINICAL_UPDATE)
  public ClinicalEntry amend(
      RecordId id, long expectedVersion, ClinicalData data, AmendmentId amendment) {
    Operation op = operations.current().named("ClinicalRecords.update");
    return store(op, id, expectedVersion, data, amendment);
  }

  /**
   * The version of entry {@code id} recorded by accepting {@code amendment}, if one was stored.
   * Read within {@code op}, the deciding physician's operation, which audits it.
   */
  public Optional<Long> versionAmending(Operation op, RecordId id, AmendmentId amendment) {
    return entries(op).versionAmending(id, amendment);
  }

  private ClinicalEntry store(
      Operation op, RecordId id, long expectedVersion, ClinicalData data, AmendmentId amendment) {
    ClinicalRepository entries = entries(op);
    Document latest = EntryChecks.inForce(op, entries.head(id), id);
    PatientId patient = current(op, latest, id, expectedVersion);
    entries.clearance().requireCleared(op, data.sensitivity(), id.value(), patient.value());
    Document next =
        ClinicalDocuments.toDocument(
            id, patient, expectedVersion + 1, data, op.caller().subject(), amendment);
    return write(op, entries, next, IntegrationEventType.ENTRY_AMENDED);
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_DELETE)
  public ClinicalEntry enterInError(RecordId id, long expectedVersion) {
    Operation op = operations.current();
    ClinicalRepository entries = entries(op);
    Document latest = EntryChecks.inForce(op, entries.latest(id), id);
    PatientId patient = current(op, latest, id, expectedVersion);
    // The mark repeats the content it withdraws, so the history and the FHIR copy still show it.
    ClinicalData withdrawn = ClinicalDocuments.toEntry(latest).data();
    Document next =
        ClinicalDocuments.toDocument(
                id, patient, expectedVersion + 1, withdrawn, op.caller().subject(), null)
            .append(ClinicalDocuments.ENTERED_IN_ERROR, true);
    return write(op, entries, next, IntegrationEventType.ENTRY_ENTERED_IN_ERROR);
  }

  /** The patient of {@code latest}, if it is version {@code expected}; else a conflict. */
  private static PatientId current(Operation op, Document latest, RecordId id, long expected) {
    PatientId patient = new PatientId(latest.getString(ClinicalDocuments.PATIENT));
    if (latest.get(ClinicalDocuments.VERSION, Number.class).longValue() != expected) {
      op.record(AuditOutcome.CONFLICT, id.value(), patient.value(), 0);
      throw new VersionConflictException();
    }
    return patient;
  }

  /** Announces, stores and concludes the plaintext version {@code next}. */
  private ClinicalEntry write(
      Operation op, ClinicalRepository entries, Document next, IntegrationEventType event) {
    RecordId id = new RecordId(next.getString(ClinicalDocuments.ID));
    PatientId patient = new PatientId(next.getString(ClinicalDocuments.PATIENT));
    Document sealed = entries.sealed(next);
    WriteIntent intent =
        entries.announce(
            id, patient, next.get(ClinicalDocuments.VERSION, Number.class).longValue(), event);
    Document seal;
    try {
      seal = entries.insert(sealed, intent);
    } catch (MongoException e) {
      if (StoreErrors.isDuplicateKey(e)) {
        // Another writer stored this version first.
        op.conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new VersionConflictException();
      }
      throw e;
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1, seal);
    project(op, next);
    return ClinicalDocuments.toEntry(next);
  }

  private static PageCursor cursors(Operation op, String list, String scope) {
    return PageCursor.of(list, op.caller().tenant().orElseThrow().value(), scope);
  }
}
