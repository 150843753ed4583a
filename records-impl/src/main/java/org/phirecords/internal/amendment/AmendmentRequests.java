package org.phirecords.internal.amendment;

import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.MergedRegistrations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/**
 * Patients' amendment requests (HIPAA 164.526) in the {@code amendments} collection. Runs within
 * the operation that {@code PatientRights} opened: the caller, permission, owner-scoped handles and
 * audit come from there, so a patient reaches only their own requests.
 */
@ApplicationScoped
public class AmendmentRequests {
  /** HIPAA 164.526(b)(2): act within 60 days... */
  static final Duration DECISION_PERIOD = Duration.ofDays(60);

  /** ...extendable once by 30 days. */
  static final Duration EXTENSION = Duration.ofDays(30);

  /** The name that binds amendment-list cursors. */
  static final String LIST = "amendments";

  private static final String ID = "amendmentId";
  private static final String STATUS = "status";
  private static final String VERSION = "version";

  private Operations operations;
  private MongoClinicalRecords clinical;
  private FreeTextProtection freeText;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected AmendmentRequests() {}

  /**
   * Requests over the current operation's handles, free text protected by {@code freeText}; entries
   * through {@code clinical}.
   */
  @Inject
  public AmendmentRequests(
      Operations operations, MongoClinicalRecords clinical, FreeTextProtection freeText) {
    this.operations = operations;
    this.clinical = clinical;
    this.freeText = freeText;
  }

  /** The same with another clock (tests of deadlines). */
  public AmendmentRequests withClock(Clock other) {
    AmendmentRequests copy = new AmendmentRequests(operations, clinical, freeText);
    copy.clock = other;
    return copy;
  }

  /**
   * A request to amend {@code entry} of {@code patient}, due in 60 days; refused while the patient
   * has {@code maxOpen} requests awaiting a decision, so that no patient can flood the staff. Two
   * concurrent requests may both pass the count (no transaction): the cap is exceeded by at most
   * the number of requests racing.
   */
  public Amendment request(PatientId patient, RecordId entry, String reason, int maxOpen) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    String text = AmendmentDocuments.text("/reason", reason);
    ClinicalEntry target = clinical.get(entry); // scoped: another patient's entry is 404
    // An entry of a registration merged into this one is the patient's too (ADR 36, 42).
    List<PatientId> linked = MergedRegistrations.linked(op, patient);
    if (!linked.contains(target.patientId())) {
      throw new NotFoundException();
    }
    if (repository(op).openOf(linked) >= maxOpen) {
      op.record(AuditOutcome.CONFLICT, null, patient.value(), 0);
      throw new RecordsException(ErrorCode.AMENDMENT_LIMIT);
    }
    AmendmentId id = AmendmentId.random();
    Instant now = clock.instant();
    Document doc = AmendmentDocuments.newRequest(id, target, text, now, now.plus(DECISION_PERIOD));
    AmendmentRepository requests = repository(op);
    Document sealed = requests.sealed(doc);
    WriteIntent intent = requests.announce(id, target.patientId(), 1L);
    requests.insert(sealed, intent);
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return AmendmentDocuments.toAmendment(doc);
  }

  /** One page of the requests of {@code patient}, newest first. */
  public Page<Amendment> of(PatientId patient, PageRequest request) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    Page<Amendment> page =
        repository(op)
            .page(MergedRegistrations.linked(op, patient), LIST, request)
            .map(AmendmentDocuments::toAmendment);
    op.record(AuditOutcome.SUCCESS, patient.value(), patient.value(), page.items().size());
    return page;
  }

  /** One request. */
  public Amendment get(AmendmentId id) {
    Operation op = operations.current();
    Amendment amendment = view(op, load(op, id));
    op.record(AuditOutcome.SUCCESS, id.value(), amendment.patientId().value(), 1);
    return amendment;
  }

  /**
   * Two writes without a transaction, made idempotent: the entry's next version carries this
   * request's id, then the request is closed and linked to it. A retry after a crash between the
   * two finds the version already written for this request and only closes the request (whatever
   * its {@code If-Match} and body: the first acceptance stands); a retry after both answers the
   * accepted request again.
   */
  public Amendment accept(AmendmentId id, long expectedVersion, ClinicalData amended) {
    Operation op = operations.current();
    Document doc = load(op, id);
    if (AmendmentStatus.ACCEPTED.name().equals(doc.getString(STATUS))) {
      op.record(AuditOutcome.SUCCESS, id.value(), AmendmentDocuments.patientOf(doc).value(), 0);
      return view(op, doc);
    }
    doc = requireStatus(op, id, AmendmentStatus.REQUESTED);
    RecordId entry = new RecordId(doc.getString("recordId"));
    // The new version first (it may conflict), unless an interrupted acceptance stored it already.
    long version =
        linkedVersion(op, doc)
            .orElseGet(() -> clinical.amend(entry, expectedVersion, amended, id).version());
    return closeAccepted(op, doc, version);
  }

  /** Denies a request in writing. */
  public Amendment deny(AmendmentId id, String reason) {
    Operation op = operations.current();
    String text = AmendmentDocuments.text("/reason", reason);
    Document doc = requireStatus(op, id, AmendmentStatus.REQUESTED);
    requireNotAccepted(op, doc);
    return transition(
        op,
        doc,
        AmendmentStatus.REQUESTED,
        Updates.combine(Updates.set(STATUS, AmendmentStatus.DENIED.name()), decided(op)),
        "denialReason",
        text);
  }

  /** Extends a request's deadline once, by 30 days. */
  public Amendment extend(AmendmentId id, String reason) {
    Operation op = operations.current();
    String text = AmendmentDocuments.text("/reason", reason);
    Document doc = requireStatus(op, id, AmendmentStatus.REQUESTED);
    requireNotAccepted(op, doc);
    if (doc.get("extensionReason") != null) {
      op.record(AuditOutcome.CONFLICT, id.value(), AmendmentDocuments.patientOf(doc).value(), 0);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE, "The deadline was extended already.");
    }
    Instant due = doc.getDate("dueBy").toInstant().plus(EXTENSION);
    return transition(
        op,
        doc,
        AmendmentStatus.REQUESTED,
        Updates.set("dueBy", Date.from(due)),
        "extensionReason",
        text);
  }

  /** Files the patient's statement of disagreement with a denial, once. */
  public Amendment disagree(AmendmentId id, String statement) {
    Operation op = operations.current();
    String text = AmendmentDocuments.text("/statement", statement);
    Document doc = requireStatus(op, id, AmendmentStatus.DENIED);
    if (doc.get("disagreement") != null) {
      op.record(AuditOutcome.CONFLICT, id.value(), AmendmentDocuments.patientOf(doc).value(), 0);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE, "A statement was filed already.");
    }
    return transition(
        op,
        doc,
        AmendmentStatus.DENIED,
        Updates.set("disagreedAt", Date.from(clock.instant())),
        "disagreement",
        text);
  }

  /** Closes the request {@code doc} as accepted by {@code version} of its entry. */
  private Amendment closeAccepted(Operation op, Document doc, long version) {
    try {
      return transition(
          op,
          doc,
          AmendmentStatus.REQUESTED,
          Updates.combine(
              Updates.set(STATUS, AmendmentStatus.ACCEPTED.name()),
              Updates.set("amendedVersion", version),
              decided(op)),
          null,
          null);
    } catch (RecordsException e) {
      // A concurrent retry closed it first, with the same version: the same answer.
      Document now = load(op, AmendmentDocuments.id(doc));
      Number linked = now.get("amendedVersion", Number.class);
      if (linked != null && linked.longValue() == version) {
        return view(op, now);
      }
      throw e;
    }
  }

  /**
   * The version of the request's entry stored by accepting it, if an acceptance got that far; a
   * request in that state is accepted, whatever a later call asks.
   */
  private Optional<Long> linkedVersion(Operation op, Document doc) {
    return clinical.versionAmending(
        op, new RecordId(doc.getString("recordId")), AmendmentDocuments.id(doc));
  }

  /** Refuses to deny or extend a request whose acceptance was interrupted, completing it. */
  private void requireNotAccepted(Operation op, Document doc) {
    Optional<Long> version = linkedVersion(op, doc);
    if (version.isPresent()) {
      closeAccepted(op, doc, version.get());
      op.record(
          AuditOutcome.CONFLICT,
          AmendmentDocuments.id(doc).value(),
          AmendmentDocuments.patientOf(doc).value(),
          0);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE, "The request was accepted already.");
    }
  }

  private Bson decided(Operation op) {
    return Updates.combine(
        Updates.set("decidedBy", op.caller().subject()),
        Updates.set("decidedAt", Date.from(clock.instant())));
  }

  /**
   * Applies {@code update}, and sets free-text {@code field} (if not null) to {@code text}, if the
   * request is still in {@code from} at its loaded version.
   */
  private Amendment transition(
      Operation op, Document doc, AmendmentStatus from, Bson update, String field, String text) {
    AmendmentId id = AmendmentDocuments.id(doc);
    long version = doc.get(VERSION, Number.class).longValue();
    AmendmentRepository requests = repository(op);
    Bson sealed = requests.sealedUpdate(doc, update, field, text);
    WriteIntent intent = requests.announce(id, AmendmentDocuments.patientOf(doc), version + 1);
    Optional<Document> updated = requests.transition(id, from, version, sealed, intent);
    if (updated.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    Document after = updated.get();
    if (field != null) {
      after.put(field, text); // known: not decrypted again
    }
    return AmendmentDocuments.toAmendment(requests.open(after));
  }

  private Document requireStatus(Operation op, AmendmentId id, AmendmentStatus status) {
    Document doc = load(op, id);
    if (!status.name().equals(doc.getString(STATUS))) {
      op.record(AuditOutcome.CONFLICT, id.value(), AmendmentDocuments.patientOf(doc).value(), 0);
      throw new RecordsException(ErrorCode.AMENDMENT_STATE);
    }
    return doc;
  }

  private Document load(Operation op, AmendmentId id) {
    return repository(op).find(id).orElseThrow(() -> op.notFound(id.value(), null));
  }

  private AmendmentRepository repository(Operation op) {
    return new AmendmentRepository(op, freeText);
  }

  /** The API view of a stored request, its free text opened. */
  private Amendment view(Operation op, Document stored) {
    return AmendmentDocuments.toAmendment(repository(op).open(stored));
  }
}
