package org.phirecords.internal.link;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.OwnRecords;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.model.Invitation;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.PatientLinks;

/**
 * {@link PatientLinks} on the store (ADR 17). Writes that decide who reads a record (the link, the
 * unlink) are announced in the audit trail before they happen and recorded after; refusals are
 * audited with ids only, never the code.
 */
@ApplicationScoped
public class MongoPatientLinks implements PatientLinks {
  /** How long an invitation is good unless {@code records.portal.invitation-hours} says. */
  static final Duration DEFAULT_VALIDITY = Duration.ofHours(72);

  private Operations operations;
  private Duration validity;
  private RedemptionAttempts attempts = new RedemptionAttempts();
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoPatientLinks() {}

  /** Links within the operations of {@code operations}; the validity from {@code config}. */
  @Inject
  public MongoPatientLinks(Operations operations, RecordsConfig config) {
    this.operations = operations;
    this.validity =
        config
            .value("records.portal.invitation-hours")
            .map(Long::parseLong)
            .map(Duration::ofHours)
            .orElse(DEFAULT_VALIDITY);
  }

  /** The same with another clock (tests of expiry). */
  public MongoPatientLinks withClock(Clock other) {
    MongoPatientLinks copy = new MongoPatientLinks();
    copy.operations = operations;
    copy.validity = validity;
    copy.attempts = attempts;
    copy.clock = other;
    return copy;
  }

  @Override
  @RequiresPermission(Permission.PATIENT_LINK_MANAGE)
  public Invitation invite(PatientId patient) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    String code = InvitationCodes.generate();
    String id = InvitationCodes.randomId();
    Instant expires = clock.instant().plus(validity);
    new PatientLinkRepository(op)
        .invite(
            id,
            InvitationCodes.hash(InvitationCodes.normalise(code).orElseThrow()),
            patient,
            expires);
    op.record(AuditOutcome.SUCCESS, id, patient.value(), 1);
    return new Invitation(code, patient, expires);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_LINK_OWN)
  public PatientId redeem(String code) {
    Operation op = operations.current();
    Caller caller = op.caller();
    String user = caller.tenant().orElseThrow().value() + "\n" + redeemer(caller);
    if (attempts.exhausted(user)) {
      op.record(AuditOutcome.DENIED, null, null, 0);
      throw new RecordsException(ErrorCode.TOO_MANY_ATTEMPTS);
    }
    PatientLinkRepository repository = new PatientLinkRepository(op);
    Optional<Document> invitation =
        InvitationCodes.normalise(code)
            .flatMap(
                c ->
                    repository.consume(InvitationCodes.hash(c), redeemer(caller), clock.instant()));
    if (invitation.isEmpty()) {
      attempts.failed(user);
      op.record(AuditOutcome.DENIED, null, null, 0);
      throw new RecordsException(ErrorCode.INVITATION_INVALID);
    }
    attempts.succeeded(user);
    String id = invitation.get().getString(PatientLinkRepository.INVITATION);
    PatientId patient = new PatientId(invitation.get().getString(PatientLinkRepository.PATIENT));
    op.record(AuditOutcome.INTENDED, id, patient.value(), 0);
    repository.link(caller.issuer(), caller.subject(), patient);
    op.record(AuditOutcome.SUCCESS, id, patient.value(), 1);
    return patient;
  }

  @Override
  @RequiresPermission(Permission.PATIENT_LINK_OWN)
  public Optional<PatientId> ownLink() {
    Operation op = operations.current();
    // The record the link leads to: a merged registration's survivor (ADR 42).
    Optional<PatientId> linked =
        new PatientLinkRepository(op)
            .linkOf(op.caller().issuer(), op.caller().subject())
            .map(
                l ->
                    OwnRecords.of(operations.collections(), op.caller().tenant().orElseThrow(), l)
                        .record());
    op.record(
        AuditAction.READ,
        ResourceType.PATIENT_LINK,
        AuditOutcome.SUCCESS,
        null,
        linked.map(PatientId::value).orElse(null),
        linked.isPresent() ? 1 : 0);
    return linked;
  }

  @Override
  @RequiresPermission(Permission.PATIENT_LINK_MANAGE)
  public long unlink(PatientId patient) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    op.record(
        AuditAction.DELETE,
        ResourceType.PATIENT_LINK,
        AuditOutcome.INTENDED,
        null,
        patient.value(),
        0);
    long removed = new PatientLinkRepository(op).unlink(patient);
    op.record(
        AuditAction.DELETE,
        ResourceType.PATIENT_LINK,
        AuditOutcome.SUCCESS,
        null,
        patient.value(),
        (int) removed);
    return removed;
  }

  /** Who redeems, as stored on the invitation: issuer and subject (ids, never a name). */
  private static String redeemer(Caller caller) {
    return caller.issuer() + "\n" + caller.subject();
  }
}
