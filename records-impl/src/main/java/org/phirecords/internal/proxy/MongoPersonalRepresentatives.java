package org.phirecords.internal.proxy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.OwnRecords;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.model.PatientId;
import org.phirecords.model.ProxyGrant;
import org.phirecords.model.ProxyGrantId;
import org.phirecords.model.ProxyGrantRequest;
import org.phirecords.model.ProxyRelationship;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.PersonalRepresentatives;

/**
 * {@link PersonalRepresentatives} on the store (ADR 46). Grants and revocations are announced in
 * the audit trail before they happen (ADR 3) and name the grant and patient by id only; the reason
 * is sealed like other free text (ADR 15) and never returned.
 */
@ApplicationScoped
public class MongoPersonalRepresentatives implements PersonalRepresentatives {
  /** The longest a grant may last. */
  static final Duration LONGEST = Duration.ofDays(25L * 366);

  private static final int MAX_SUBJECT = 255;
  private static final int MAX_REASON = 2000;

  private Operations operations;
  private FreeTextProtection freeText;
  private Representatives representatives;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoPersonalRepresentatives() {}

  /** Grants within the current operation; reasons sealed by {@code freeText}. */
  @Inject
  public MongoPersonalRepresentatives(
      Operations operations, FreeTextProtection freeText, Representatives representatives) {
    this.operations = operations;
    this.freeText = freeText;
    this.representatives = representatives;
  }

  /** The same with another clock (tests of periods and of the age of majority). */
  public MongoPersonalRepresentatives withClock(Clock other) {
    MongoPersonalRepresentatives copy =
        new MongoPersonalRepresentatives(operations, freeText, representatives.withClock(other));
    copy.clock = other;
    return copy;
  }

  @Override
  @RequiresPermission(Permission.PROXY_MANAGE)
  public ProxyGrant grant(PatientId patient, ProxyGrantRequest request) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    return store(op, patient, request);
  }

  @Override
  @RequiresPermission(Permission.PROXY_MANAGE)
  public ProxyGrant revoke(PatientId patient, ProxyGrantId id) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    return revoke(op, patient, id, false);
  }

  @Override
  @RequiresPermission(Permission.PROXY_MANAGE)
  public List<ProxyGrant> grants(PatientId patient) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    return listed(op, patient);
  }

  @Override
  @RequiresPermission(Permission.PROXY_OWN)
  public ProxyGrant grantCaregiver(ProxyGrantRequest request) {
    Operation op = operations.current();
    PatientId own = op.caller().linkedPatient().orElseThrow();
    if (request.relationship() != ProxyRelationship.CAREGIVER) {
      op.record(AuditOutcome.INVALID, null, own.value(), 0);
      throw new InvalidInputException(
          ErrorCode.PROXY_RELATIONSHIP, "/relationship", "patients grant CAREGIVER only");
    }
    if (!representatives.ofAge(tenant(op), own)) {
      op.record(AuditOutcome.DENIED, null, own.value(), 0);
      throw new RecordsException(ErrorCode.MINOR_CANNOT_GRANT);
    }
    return store(op, own, request);
  }

  @Override
  @RequiresPermission(Permission.PROXY_OWN)
  public ProxyGrant revokeCaregiver(ProxyGrantId id) {
    Operation op = operations.current();
    return revoke(op, op.caller().linkedPatient().orElseThrow(), id, true);
  }

  @Override
  @RequiresPermission(Permission.PROXY_OWN)
  public List<ProxyGrant> ownGrants() {
    Operation op = operations.current();
    return listed(op, op.caller().linkedPatient().orElseThrow());
  }

  @Override
  @RequiresPermission(Permission.PROXY_ACT)
  public List<ProxyGrant> representing() {
    Operation op = operations.current();
    TenantId tenant = tenant(op);
    List<ProxyGrant> found =
        representatives.inForce(op.caller()).stream()
            .map(ProxyGrantRepository::read)
            .map(g -> leadingToSurvivor(tenant, g))
            .toList();
    op.record(AuditOutcome.SUCCESS, null, null, found.size());
    return found;
  }

  private ProxyGrant store(Operation op, PatientId patient, ProxyGrantRequest request) {
    Caller caller = op.caller();
    Instant now = clock.instant();
    Instant start = request.start() == null ? now : request.start();
    String issuer = request.issuer() == null ? caller.issuer() : request.issuer();
    requireText("/subject", request.subject(), MAX_SUBJECT);
    requireText("/issuer", issuer.isEmpty() ? "-" : issuer, MAX_SUBJECT);
    if (request.reason() != null) {
      requireText("/reason", request.reason(), MAX_REASON);
    }
    if (!request.expiry().isAfter(start)
        || !request.expiry().isAfter(now)
        || request.expiry().isAfter(now.plus(LONGEST))
        || start.isAfter(now.plus(LONGEST))) {
      op.record(AuditOutcome.INVALID, null, patient.value(), 0);
      throw new InvalidInputException(ErrorCode.PROXY_PERIOD, "/expiry", "period not valid");
    }
    if (issuer.equals(caller.issuer())
        && request.subject().equals(caller.subject())
        && caller.linkedPatient().filter(patient::equals).isPresent()) {
      op.record(AuditOutcome.INVALID, null, patient.value(), 0);
      throw new InvalidInputException(ErrorCode.PROXY_SELF, "/subject", "names the patient");
    }
    ProxyGrantRepository grants = ProxyGrantRepository.of(op);
    if (grants.current(patient, now).size() >= MAX_GRANTS_PER_PATIENT) {
      op.record(AuditOutcome.CONFLICT, null, patient.value(), 0);
      throw new RecordsException(ErrorCode.PROXY_TOO_MANY);
    }
    ProxyGrant granted =
        new ProxyGrant(
            ProxyGrantId.random(),
            patient,
            issuer,
            request.subject(),
            request.relationship(),
            request.scope(),
            start,
            request.expiry(),
            caller.subject(),
            Optional.empty());
    WriteIntent intent =
        ProxyGrantRepository.announce(op, AuditAction.CREATE, granted.id(), patient, 1L);
    grants.insert(
        granted,
        freeText.seal(tenant(op), request.reason() == null ? "" : request.reason()),
        intent);
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return granted;
  }

  private ProxyGrant revoke(Operation op, PatientId patient, ProxyGrantId id, boolean caregivers) {
    ProxyGrantRepository grants = ProxyGrantRepository.of(op);
    Document stored = grants.byId(patient, id).orElseThrow(() -> notFound(op, id, patient));
    if (caregivers
        && !ProxyRelationship.CAREGIVER
            .name()
            .equals(stored.getString(ProxyGrantRepository.RELATIONSHIP))) {
      op.record(AuditOutcome.DENIED, id.value(), patient.value(), 0);
      throw new RecordsException(ErrorCode.PROXY_NOT_CAREGIVER);
    }
    if (stored.getDate(ProxyGrantRepository.REVOKED_AT) != null) {
      op.record(AuditOutcome.SUCCESS, id.value(), patient.value(), 0);
      return ProxyGrantRepository.read(stored);
    }
    long version = stored.get(ProxyGrantRepository.VERSION, Number.class).longValue();
    WriteIntent intent =
        ProxyGrantRepository.announce(op, AuditAction.DELETE, id, patient, version + 1);
    Optional<Document> revoked = grants.revoke(patient, id, version, clock.instant(), intent);
    if (revoked.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return ProxyGrantRepository.read(revoked.get());
  }

  private List<ProxyGrant> listed(Operation op, PatientId patient) {
    List<ProxyGrant> found =
        ProxyGrantRepository.of(op).current(patient, Instant.EPOCH).stream()
            .map(ProxyGrantRepository::read)
            .toList();
    op.record(AuditOutcome.SUCCESS, null, patient.value(), found.size());
    return found;
  }

  private ProxyGrant leadingToSurvivor(TenantId tenant, ProxyGrant g) {
    PatientId record = OwnRecords.of(operations.collections(), tenant, g.patient()).record();
    return record.equals(g.patient())
        ? g
        : new ProxyGrant(
            g.id(),
            record,
            g.issuer(),
            g.subject(),
            g.relationship(),
            g.scope(),
            g.start(),
            g.expiry(),
            g.grantedBy(),
            g.revokedAt());
  }

  private static RecordsException notFound(Operation op, ProxyGrantId id, PatientId patient) {
    op.record(AuditOutcome.NOT_FOUND, id.value(), patient.value(), 0);
    return new RecordsException(ErrorCode.PROXY_GRANT_NOT_FOUND);
  }

  private static void requireText(String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      throw InvalidInputException.invalid(field, "must be 1 to " + max + " characters");
    }
  }

  private static TenantId tenant(Operation op) {
    return op.caller().tenant().orElseThrow();
  }
}
