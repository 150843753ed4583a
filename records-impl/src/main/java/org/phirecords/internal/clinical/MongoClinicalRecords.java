package org.phirecords.internal.clinical;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Sorts.descending;
import static org.phirecords.internal.clinical.ClinicalDocuments.ID;
import static org.phirecords.internal.clinical.ClinicalDocuments.PATIENT;
import static org.phirecords.internal.clinical.ClinicalDocuments.VERSION;

import com.mongodb.MongoException;
import com.mongodb.client.model.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.security.RolePermissions;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.security.Caller;
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
  private CurrentCaller callers;
  private TenantCollections collections;
  private AuditTrail audit;

  /** For CDI. */
  protected MongoClinicalRecords() {}

  /** The records. */
  @Inject
  public MongoClinicalRecords(
      CurrentCaller callers, TenantCollections collections, AuditTrail audit) {
    this.callers = callers;
    this.collections = collections;
    this.audit = audit;
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_CREATE)
  public ClinicalEntry create(PatientId patient, ClinicalData data) {
    Caller caller = callers.require();
    requirePatient(caller, Permission.CLINICAL_CREATE, patient, "create");
    RecordId id = RecordId.random();
    Document doc = ClinicalDocuments.toDocument(id, patient, 1L, data, caller.subject(), null);
    WriteIntent intent =
        audit.intend(
            caller,
            Permission.CLINICAL_CREATE,
            StoredCollection.CLINICAL_ENTRIES,
            ID,
            id.value(),
            patient.value(),
            1L,
            "ClinicalRecords.create");
    handle(caller, Permission.CLINICAL_CREATE)
        .insertOne(doc.append(WriteIntent.STAMP, intent.id()));
    audit.conclude(intent, AuditOutcome.SUCCESS, 1);
    return ClinicalDocuments.toEntry(doc);
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_READ)
  public ClinicalEntry get(RecordId id) {
    Caller caller = callers.require();
    Document latest = latest(caller, Permission.CLINICAL_READ, id, "get");
    ClinicalEntry entry = ClinicalDocuments.toEntry(latest);
    entry =
        entry.withAmendments(
            attached(caller, eq(ID, id.value())).getOrDefault(id.value(), List.of()));
    record(caller, Permission.CLINICAL_READ, id, entry.patientId(), AuditOutcome.SUCCESS, "get", 1);
    return entry;
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_READ)
  public List<ClinicalEntry> listByPatient(PatientId patient) {
    Caller caller = callers.require();
    requirePatient(caller, Permission.CLINICAL_READ, patient, "listByPatient");
    List<Document> versions =
        handle(caller, Permission.CLINICAL_READ)
            .find(eq(PATIENT, patient.value()), null, ClinicalDocuments.NEWEST_FIRST, 0);
    Map<String, List<EntryAmendment>> attached = attached(caller, eq(PATIENT, patient.value()));
    List<ClinicalEntry> entries =
        ClinicalDocuments.latestVersions(versions).stream()
            .map(ClinicalDocuments::toEntry)
            .map(e -> e.withAmendments(attached.getOrDefault(e.id().value(), List.of())))
            .sorted(
                Comparator.comparing((ClinicalEntry e) -> e.data().effectiveDate())
                    .reversed()
                    .thenComparing(e -> e.id().value()))
            .toList();
    record(
        caller,
        Permission.CLINICAL_READ,
        null,
        patient,
        AuditOutcome.SUCCESS,
        "listByPatient",
        entries.size());
    return entries;
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_READ)
  public List<ClinicalEntry> history(RecordId id) {
    Caller caller = callers.require();
    List<Document> versions =
        handle(caller, Permission.CLINICAL_READ)
            .find(eq(ID, id.value()), null, ascending(VERSION), 0);
    if (versions.isEmpty()) {
      record(caller, Permission.CLINICAL_READ, id, null, AuditOutcome.NOT_FOUND, "history", 0);
      throw new NotFoundException();
    }
    List<EntryAmendment> attached =
        attached(caller, eq(ID, id.value())).getOrDefault(id.value(), List.of());
    List<ClinicalEntry> entries =
        versions.stream()
            .map(ClinicalDocuments::toEntry)
            .map(e -> e.withAmendments(attached))
            .toList();
    record(
        caller,
        Permission.CLINICAL_READ,
        id,
        entries.get(0).patientId(),
        AuditOutcome.SUCCESS,
        "history",
        entries.size());
    return entries;
  }

  @Override
  @RequiresPermission(Permission.CLINICAL_UPDATE)
  public ClinicalEntry update(RecordId id, long expectedVersion, ClinicalData data) {
    return store(id, expectedVersion, data, null);
  }

  /**
   * Stores version {@code expectedVersion + 1} as the acceptance of {@code amendment}: the version
   * carries the request's id, so that an interrupted acceptance can find it and complete the
   * request instead of writing again (see {@link #versionAmending}).
   */
  @RequiresPermission(Permission.CLINICAL_UPDATE)
  public ClinicalEntry amend(
      RecordId id, long expectedVersion, ClinicalData data, AmendmentId amendment) {
    return store(id, expectedVersion, data, amendment);
  }

  /**
   * The version of entry {@code id} recorded by accepting {@code amendment}, if one was stored.
   * Read for the deciding physician's {@code permission}; audited by the caller's operation.
   */
  public Optional<Long> versionAmending(
      Caller caller, Permission permission, RecordId id, AmendmentId amendment) {
    return collections
        .forCaller(StoredCollection.CLINICAL_ENTRIES, caller, permission)
        .findOne(
            and(eq(ID, id.value()), eq(ClinicalDocuments.AMENDMENT, amendment.value())),
            Projections.include(VERSION),
            null)
        .map(d -> d.get(VERSION, Number.class).longValue());
  }

  private ClinicalEntry store(
      RecordId id, long expectedVersion, ClinicalData data, AmendmentId amendment) {
    Caller caller = callers.require();
    Document latest = latest(caller, Permission.CLINICAL_UPDATE, id, "update");
    PatientId patient = new PatientId(latest.getString(PATIENT));
    long current = latest.get(VERSION, Number.class).longValue();
    if (current != expectedVersion) {
      conflict(caller, id, patient);
    }
    Document next =
        ClinicalDocuments.toDocument(
            id, patient, expectedVersion + 1, data, caller.subject(), amendment);
    WriteIntent intent =
        audit.intend(
            caller,
            Permission.CLINICAL_UPDATE,
            StoredCollection.CLINICAL_ENTRIES,
            ID,
            id.value(),
            patient.value(),
            expectedVersion + 1,
            "ClinicalRecords.update");
    try {
      handle(caller, Permission.CLINICAL_UPDATE)
          .insertOne(next.append(WriteIntent.STAMP, intent.id()));
    } catch (MongoException e) {
      if (StoreErrors.isDuplicateKey(e)) {
        // Another writer stored this version first.
        audit.conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new VersionConflictException();
      }
      throw e;
    }
    audit.conclude(intent, AuditOutcome.SUCCESS, 1);
    return ClinicalDocuments.toEntry(next);
  }

  private void conflict(Caller caller, RecordId id, PatientId patient) {
    record(caller, Permission.CLINICAL_UPDATE, id, patient, AuditOutcome.CONFLICT, "update", 0);
    throw new VersionConflictException();
  }

  private Document latest(Caller caller, Permission permission, RecordId id, String op) {
    Optional<Document> doc =
        handle(caller, permission).findOne(eq(ID, id.value()), null, descending(VERSION));
    if (doc.isEmpty()) {
      record(caller, permission, id, null, AuditOutcome.NOT_FOUND, op, 0);
      throw new NotFoundException();
    }
    return doc.get();
  }

  /**
   * The open and denied amendment requests of the entries matching {@code filter}, by entry id: one
   * indexed query through the caller's tenant-scoped (for patients, owner-scoped) handle. A denial
   * does not change the entry, so its requests and the statement of disagreement are joined here on
   * every read instead of being written on the entry.
   */
  private Map<String, List<EntryAmendment>> attached(Caller caller, Bson filter) {
    List<Document> open =
        collections
            .forCaller(StoredCollection.AMENDMENTS, caller, Permission.CLINICAL_READ)
            .find(
                and(
                    filter,
                    in("status", AmendmentStatus.REQUESTED.name(), AmendmentStatus.DENIED.name())),
                Projections.include(ID, ClinicalDocuments.AMENDMENT, "status", "disagreement"),
                ascending("requestedAt"),
                0);
    return ClinicalDocuments.attachments(
        open, RolePermissions.grants(caller, Permission.AMENDMENT_READ));
  }

  private void requirePatient(Caller caller, Permission permission, PatientId patient, String op) {
    boolean exists =
        collections
            .forCaller(StoredCollection.PATIENTS, caller, permission)
            .exists(eq(PATIENT, patient.value()));
    if (!exists) {
      record(caller, permission, null, patient, AuditOutcome.NOT_FOUND, op, 0);
      throw new NotFoundException();
    }
  }

  private TenantScopedCollection handle(Caller caller, Permission permission) {
    return collections.forCaller(StoredCollection.CLINICAL_ENTRIES, caller, permission);
  }

  private void record(
      Caller caller,
      Permission permission,
      RecordId id,
      PatientId patient,
      AuditOutcome outcome,
      String operation,
      int count) {
    audit.record(
        caller,
        permission.action(),
        permission.resourceType(),
        id == null ? null : id.value(),
        patient == null ? null : patient.value(),
        outcome,
        "ClinicalRecords." + operation,
        count);
  }
}
