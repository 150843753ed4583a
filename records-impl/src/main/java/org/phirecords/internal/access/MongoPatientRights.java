package org.phirecords.internal.access;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.security.AccessScope;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;
import org.phirecords.service.PatientDirectory;
import org.phirecords.service.PatientRights;

/**
 * {@link PatientRights} over the audit trail, the clinical services and the {@code amendments}
 * collection. Patients reach only their own record (the collection handles are owner-scoped, and a
 * request naming another patient answers 404 like a missing one).
 */
@ApplicationScoped
public class MongoPatientRights implements PatientRights {
  /** HIPAA 164.526(b)(2): act within 60 days... */
  static final Duration DECISION_PERIOD = Duration.ofDays(60);

  /** ...extendable once by 30 days. */
  static final Duration EXTENSION = Duration.ofDays(30);

  private static final int TEXT_MAX = 2000;
  private static final String ID = "amendmentId";

  private CurrentCaller callers;
  private TenantCollections collections;
  private AuditTrail audit;
  private PatientDirectory directory;
  private MongoClinicalRecords clinical;
  private RecordsConfig config;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoPatientRights() {}

  /** Rights over {@code collections}; identity and clinical data through their services. */
  @Inject
  public MongoPatientRights(
      CurrentCaller callers,
      TenantCollections collections,
      AuditTrail audit,
      PatientDirectory directory,
      MongoClinicalRecords clinical,
      RecordsConfig config) {
    this.callers = callers;
    this.collections = collections;
    this.audit = audit;
    this.directory = directory;
    this.clinical = clinical;
    this.config = config;
  }

  /** The same with another clock (tests of deadlines). */
  public MongoPatientRights withClock(Clock other) {
    MongoPatientRights copy =
        new MongoPatientRights(callers, collections, audit, directory, clinical, config);
    copy.clock = other;
    return copy;
  }

  @Override
  @RequiresPermission(Permission.ACCESS_HISTORY_READ)
  public List<AccessRecord> accessHistory(PatientId patient) {
    Caller caller = callers.require();
    requireOwn(caller, Permission.ACCESS_HISTORY_READ, patient, "accessHistory");
    TenantScopedCollection log =
        collections.forCaller(
            StoredCollection.AUDIT_EVENTS, caller, Permission.ACCESS_HISTORY_READ);
    // Accesses by others that happened: no intents, refusals or the patient's own views.
    List<Document> docs =
        log.find(
            and(
                eq("patientId", patient.value()),
                eq("outcome", AuditOutcome.SUCCESS.name()),
                ne("subject", caller.subject())),
            null,
            new Document("occurredAt", -1),
            500);
    Optional<TenantRegistration> tenant =
        new TenantRepository(collections).find(caller.tenant().orElseThrow());
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
    for (Document d : docs) {
      AuditEvent e = AuditTrail.fromDocument(d);
      String role =
          e.roles().stream().min(Comparator.naturalOrder()).map(Role::groupName).orElse("unknown");
      history.add(
          new AccessRecord(
              e.occurredAt(),
              role,
              organisation,
              e.purposeOfUse(),
              e.action(),
              e.resourceType(),
              showStaff ? e.subject() : null));
    }
    record(caller, Permission.ACCESS_HISTORY_READ, null, patient, "accessHistory", history.size());
    return history;
  }

  @Override
  @RequiresPermission(Permission.RECORD_EXPORT)
  public String electronicCopy(PatientId patient) {
    Caller caller = callers.require();
    requireOwn(caller, Permission.RECORD_EXPORT, patient, "electronicCopy");
    // Through the services: each read is scoped, authorized and audited on its own.
    var identity = directory.get(patient);
    List<ClinicalEntry> entries = clinical.listByPatient(patient);
    String bundle = FhirCopy.bundle(identity, entries, Date.from(clock.instant()));
    record(caller, Permission.RECORD_EXPORT, null, patient, "electronicCopy", entries.size() + 1);
    return bundle;
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_REQUEST)
  public Amendment requestAmendment(PatientId patient, RecordId entry, String reason) {
    Caller caller = callers.require();
    requireOwn(caller, Permission.AMENDMENT_REQUEST, patient, "requestAmendment");
    String text = text("/reason", reason);
    ClinicalEntry target = clinical.get(entry); // scoped: another patient's entry is 404
    if (!target.patientId().equals(patient)) {
      throw new NotFoundException();
    }
    AmendmentId id = AmendmentId.random();
    Instant now = clock.instant();
    Document doc =
        new Document(ID, id.value())
            .append("patientId", patient.value())
            .append("recordId", entry.value())
            .append("entryVersion", target.version())
            .append("status", AmendmentStatus.REQUESTED.name())
            .append("reason", text)
            .append("requestedAt", Date.from(now))
            .append("dueBy", Date.from(now.plus(DECISION_PERIOD)))
            .append("version", 1L);
    WriteIntent intent =
        intend(caller, Permission.AMENDMENT_REQUEST, id, patient, 1L, "requestAmendment");
    handle(caller, Permission.AMENDMENT_REQUEST)
        .insertOne(doc.append(WriteIntent.STAMP, intent.id()));
    audit.conclude(intent, AuditOutcome.SUCCESS, 1);
    return toAmendment(doc);
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_READ)
  public List<Amendment> amendments(PatientId patient) {
    Caller caller = callers.require();
    requireOwn(caller, Permission.AMENDMENT_READ, patient, "amendments");
    List<Amendment> list =
        handle(caller, Permission.AMENDMENT_READ)
            .find(eq("patientId", patient.value()), null, new Document("requestedAt", -1), 200)
            .stream()
            .map(MongoPatientRights::toAmendment)
            .toList();
    record(caller, Permission.AMENDMENT_READ, null, patient, "amendments", list.size());
    return list;
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_READ)
  public Amendment amendment(AmendmentId id) {
    Caller caller = callers.require();
    Document doc = load(caller, Permission.AMENDMENT_READ, id, "amendment");
    Amendment amendment = toAmendment(doc);
    record(caller, Permission.AMENDMENT_READ, id, amendment.patientId(), "amendment", 1);
    return amendment;
  }

  /**
   * Two writes without a transaction, made idempotent: the entry's next version carries this
   * request's id, then the request is closed and linked to it. A retry after a crash between the
   * two finds the version already written for this request and only closes the request (whatever
   * its {@code If-Match} and body: the first acceptance stands); a retry after both answers the
   * accepted request again.
   */
  @Override
  @RequiresPermission(Permission.AMENDMENT_DECIDE)
  public Amendment accept(AmendmentId id, long expectedVersion, ClinicalData amended) {
    Caller caller = callers.require();
    Document doc = load(caller, Permission.AMENDMENT_DECIDE, id, "accept");
    if (AmendmentStatus.ACCEPTED.name().equals(doc.getString("status"))) {
      record(caller, Permission.AMENDMENT_DECIDE, id, patientOf(doc), "accept", 0);
      return toAmendment(doc);
    }
    doc = requireStatus(caller, id, AmendmentStatus.REQUESTED, "accept");
    RecordId entry = new RecordId(doc.getString("recordId"));
    // The new version first (it may conflict), unless an interrupted acceptance stored it already.
    long version =
        linkedVersion(caller, doc)
            .orElseGet(() -> clinical.amend(entry, expectedVersion, amended, id).version());
    return closeAccepted(caller, doc, version);
  }

  /** Closes the request {@code doc} as accepted by {@code version} of its entry. */
  private Amendment closeAccepted(Caller caller, Document doc, long version) {
    try {
      return transition(
          caller,
          Permission.AMENDMENT_DECIDE,
          doc,
          AmendmentStatus.REQUESTED,
          Updates.combine(
              Updates.set("status", AmendmentStatus.ACCEPTED.name()),
              Updates.set("amendedVersion", version),
              decided(caller)),
          "accept");
    } catch (RecordsException e) {
      // A concurrent retry closed it first, with the same version: the same answer.
      Document now = load(caller, Permission.AMENDMENT_DECIDE, id(doc), "accept");
      Number linked = now.get("amendedVersion", Number.class);
      if (linked != null && linked.longValue() == version) {
        return toAmendment(now);
      }
      throw e;
    }
  }

  /**
   * The version of the request's entry stored by accepting it, if an acceptance got that far; a
   * request in that state is accepted, whatever a later call asks.
   */
  private java.util.Optional<Long> linkedVersion(Caller caller, Document doc) {
    return clinical.versionAmending(
        caller, Permission.AMENDMENT_DECIDE, new RecordId(doc.getString("recordId")), id(doc));
  }

  /** Refuses to deny or extend a request whose acceptance was interrupted, completing it. */
  private void requireNotAccepted(Caller caller, Document doc, String op) {
    var version = linkedVersion(caller, doc);
    if (version.isPresent()) {
      closeAccepted(caller, doc, version.get());
      record(
          caller,
          Permission.AMENDMENT_DECIDE,
          id(doc),
          patientOf(doc),
          op,
          0,
          AuditOutcome.CONFLICT);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE, "The request was accepted already.");
    }
  }

  private static AmendmentId id(Document doc) {
    return new AmendmentId(doc.getString(ID));
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_DECIDE)
  public Amendment deny(AmendmentId id, String reason) {
    Caller caller = callers.require();
    String text = text("/reason", reason);
    Document doc = requireStatus(caller, id, AmendmentStatus.REQUESTED, "deny");
    requireNotAccepted(caller, doc, "deny");
    return transition(
        caller,
        Permission.AMENDMENT_DECIDE,
        doc,
        AmendmentStatus.REQUESTED,
        Updates.combine(
            Updates.set("status", AmendmentStatus.DENIED.name()),
            Updates.set("denialReason", text),
            decided(caller)),
        "deny");
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_DECIDE)
  public Amendment extend(AmendmentId id, String reason) {
    Caller caller = callers.require();
    String text = text("/reason", reason);
    Document doc = requireStatus(caller, id, AmendmentStatus.REQUESTED, "extend");
    requireNotAccepted(caller, doc, "extend");
    if (doc.getString("extensionReason") != null) {
      record(
          caller,
          Permission.AMENDMENT_DECIDE,
          id,
          patientOf(doc),
          "extend",
          0,
          AuditOutcome.CONFLICT);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE, "The deadline was extended already.");
    }
    Instant due = doc.getDate("dueBy").toInstant().plus(EXTENSION);
    return transition(
        caller,
        Permission.AMENDMENT_DECIDE,
        doc,
        AmendmentStatus.REQUESTED,
        Updates.combine(Updates.set("extensionReason", text), Updates.set("dueBy", Date.from(due))),
        "extend");
  }

  @Override
  @RequiresPermission(Permission.AMENDMENT_REQUEST)
  public Amendment disagree(AmendmentId id, String statement) {
    Caller caller = callers.require();
    String text = text("/statement", statement);
    Document doc = requireStatus(caller, id, AmendmentStatus.DENIED, "disagree");
    if (doc.getString("disagreement") != null) {
      record(
          caller,
          Permission.AMENDMENT_REQUEST,
          id,
          patientOf(doc),
          "disagree",
          0,
          AuditOutcome.CONFLICT);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE, "A statement was filed already.");
    }
    return transition(
        caller,
        Permission.AMENDMENT_REQUEST,
        doc,
        AmendmentStatus.DENIED,
        Updates.combine(
            Updates.set("disagreement", text),
            Updates.set("disagreedAt", Date.from(clock.instant()))),
        "disagree");
  }

  private Bson decided(Caller caller) {
    return Updates.combine(
        Updates.set("decidedBy", caller.subject()),
        Updates.set("decidedAt", Date.from(clock.instant())));
  }

  /** Applies {@code update} if the request is still in {@code from} at its loaded version. */
  private Amendment transition(
      Caller caller,
      Permission permission,
      Document doc,
      AmendmentStatus from,
      Bson update,
      String op) {
    AmendmentId id = new AmendmentId(doc.getString(ID));
    long version = doc.get("version", Number.class).longValue();
    WriteIntent intent = intend(caller, permission, id, patientOf(doc), version + 1, op);
    var updated =
        handle(caller, permission)
            .findOneAndUpdate(
                and(eq(ID, id.value()), eq("status", from.name()), eq("version", version)),
                Updates.combine(
                    update,
                    Updates.set("version", version + 1),
                    Updates.set(WriteIntent.STAMP, intent.id())));
    if (updated.isEmpty()) {
      audit.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE);
    }
    audit.conclude(intent, AuditOutcome.SUCCESS, 1);
    return toAmendment(updated.get());
  }

  private Document requireStatus(Caller caller, AmendmentId id, AmendmentStatus status, String op) {
    Permission permission =
        op.equals("disagree") ? Permission.AMENDMENT_REQUEST : Permission.AMENDMENT_DECIDE;
    Document doc = load(caller, permission, id, op);
    if (!status.name().equals(doc.getString("status"))) {
      record(caller, permission, id, patientOf(doc), op, 0, AuditOutcome.CONFLICT);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE);
    }
    return doc;
  }

  private Document load(Caller caller, Permission permission, AmendmentId id, String op) {
    return handle(caller, permission)
        .findOne(eq(ID, id.value()), null, null)
        .orElseGet(
            () -> {
              record(caller, permission, id, null, op, 0, AuditOutcome.NOT_FOUND);
              throw new NotFoundException();
            });
  }

  /**
   * The record must exist in the caller's tenant, and a patient may name only their own; others
   * (another tenant's record too) get the same 404 as a missing one.
   */
  private void requireOwn(Caller caller, Permission permission, PatientId patient, String op) {
    boolean reachable =
        (!AccessScope.ownRecordOnly(caller, permission)
                || caller.linkedPatient().map(patient::equals).orElse(false))
            && collections
                .forCaller(StoredCollection.PATIENTS, caller, permission)
                .exists(eq("patientId", patient.value()));
    if (!reachable) {
      record(caller, permission, null, patient, op, 0, AuditOutcome.NOT_FOUND);
      throw new NotFoundException();
    }
  }

  private TenantScopedCollection handle(Caller caller, Permission permission) {
    return collections.forCaller(StoredCollection.AMENDMENTS, caller, permission);
  }

  private WriteIntent intend(
      Caller caller,
      Permission permission,
      AmendmentId id,
      PatientId patient,
      long version,
      String op) {
    return audit.intend(
        caller,
        permission,
        StoredCollection.AMENDMENTS,
        ID,
        id.value(),
        patient.value(),
        version,
        "PatientRights." + op);
  }

  private void record(
      Caller caller, Permission permission, Object id, PatientId patient, String op, int count) {
    record(caller, permission, id, patient, op, count, AuditOutcome.SUCCESS);
  }

  private void record(
      Caller caller,
      Permission permission,
      Object id,
      PatientId patient,
      String op,
      int count,
      AuditOutcome outcome) {
    audit.record(
        caller,
        permission.action(),
        permission.resourceType(),
        id == null ? (patient == null ? null : patient.value()) : id.toString(),
        patient == null ? null : patient.value(),
        outcome,
        "PatientRights." + op,
        count);
  }

  private static PatientId patientOf(Document doc) {
    return new PatientId(doc.getString("patientId"));
  }

  private static String text(String field, String value) {
    if (value == null || value.isBlank() || value.length() > TEXT_MAX) {
      throw InvalidInputException.invalid(field, "must be 1 to " + TEXT_MAX + " characters");
    }
    return value.strip();
  }

  static Amendment toAmendment(Document d) {
    Number amended = d.get("amendedVersion", Number.class);
    Date decidedAt = d.getDate("decidedAt");
    return new Amendment(
        new AmendmentId(d.getString(ID)),
        patientOf(d),
        new RecordId(d.getString("recordId")),
        AmendmentStatus.valueOf(d.getString("status")),
        d.getString("reason"),
        d.getDate("requestedAt").toInstant(),
        d.getDate("dueBy").toInstant(),
        d.getString("extensionReason"),
        d.getString("decidedBy"),
        decidedAt == null ? null : decidedAt.toInstant(),
        d.getString("denialReason"),
        amended == null ? null : amended.longValue(),
        d.getString("disagreement"));
  }
}
