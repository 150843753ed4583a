package org.phirecords.internal.organisation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
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
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.Reach;
import org.phirecords.model.Membership;
import org.phirecords.model.MembershipId;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationStatus;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.Memberships;

/**
 * {@link Memberships} on the {@code memberships} collection (ADR 25). The patient must be within
 * the caller's reach (else the same 404 as a missing one); writes are announced before they happen
 * and each read is audited with the patient's id, like other PHI.
 */
@ApplicationScoped
public class MongoMemberships implements Memberships {
  /** The longest member id accepted. */
  static final int MAX_MEMBER_ID = 64;

  private Operations operations;
  private FreeTextProtection protection;

  /** For CDI. */
  protected MongoMemberships() {}

  /** Memberships within the current operation; member ids sealed by {@code protection}. */
  @Inject
  public MongoMemberships(Operations operations, FreeTextProtection protection) {
    this.operations = operations;
    this.protection = protection;
  }

  @Override
  @RequiresPermission(Permission.MEMBERSHIP_WRITE)
  public Membership add(
      PatientId patient,
      OrganisationId organisation,
      Instant start,
      Optional<Instant> end,
      Optional<String> memberId) {
    Operation op = operations.current();
    memberId.ifPresent(MongoMemberships::requireMemberId);
    if (end.isPresent() && !end.get().isAfter(start)) {
      throw new InvalidInputException(ErrorCode.INVALID_PERIOD, "/end", "end must follow start");
    }
    PatientRepository.requireReachable(op, patient);
    MembershipRepository memberships = MembershipRepository.of(op);
    OrganisationRepository organisations = OrganisationRepository.of(op);
    requireActive(op, organisations, organisation);
    Reach reach = op.reach(Permission.MEMBERSHIP_WRITE);
    if (!reach.admits(organisation.value())) {
      // An organisation out of the caller's reach is as unknown as a missing one.
      op.record(AuditOutcome.NOT_FOUND, organisation.value(), null, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_NOT_FOUND);
    }
    Membership added =
        new Membership(MembershipId.random(), patient, organisation, start, end, memberId);
    Object sealed = memberId.map(m -> protection.seal(tenant(op), m)).orElse(null);
    WriteIntent intent =
        MembershipRepository.announce(op, AuditAction.CREATE, added.id(), patient, 1L);
    memberships.insert(added, sealed, intent);
    // A suspension or closing decided meanwhile: take the membership back.
    if (organisations.tree().effectiveStatus(organisation).orElse(OrganisationStatus.CLOSED)
        != OrganisationStatus.ACTIVE) {
      memberships.remove(added.id());
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_STATE);
    }
    // After the membership: a failure between the two leaves less reach, never more.
    PatientMaintenance.setReach(
        operations.collections(),
        tenant(op),
        patient,
        memberships.reachOf(patient, Optional.empty()));
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return added;
  }

  @Override
  @RequiresPermission(Permission.MEMBERSHIP_WRITE)
  public Membership end(PatientId patient, MembershipId id, Instant end) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    MembershipRepository memberships = MembershipRepository.of(op);
    Document current =
        memberships.byId(patient, id).orElseThrow(() -> op.notFound(id.value(), patient.value()));
    Membership before = MembershipRepository.read(current, tenant(op), protection);
    if (before.end().filter(e -> !e.isAfter(end)).isPresent()) {
      op.record(AuditOutcome.SUCCESS, id.value(), patient.value(), 0);
      return before;
    }
    if (!end.isAfter(before.start())) {
      throw new InvalidInputException(ErrorCode.INVALID_PERIOD, "/end", "end must follow start");
    }
    long version = current.get(MembershipRepository.VERSION, Number.class).longValue();
    WriteIntent intent =
        MembershipRepository.announce(op, AuditAction.UPDATE, id, patient, version + 1);
    // Before the membership: a failure between the two leaves less reach, never more.
    Membership ended =
        new Membership(
            id,
            patient,
            before.organisation(),
            before.start(),
            Optional.of(end),
            before.memberId());
    PatientMaintenance.setReach(
        operations.collections(),
        tenant(op),
        patient,
        memberships.reachOf(patient, Optional.of(ended)));
    Optional<Document> after = memberships.end(id, version, end, intent);
    if (after.isEmpty()) {
      PatientMaintenance.setReach(
          operations.collections(),
          tenant(op),
          patient,
          memberships.reachOf(patient, Optional.empty()));
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return MembershipRepository.read(after.get(), tenant(op), protection);
  }

  @Override
  @RequiresPermission(Permission.MEMBERSHIP_READ)
  public Page<Membership> list(PatientId patient, PageRequest request) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    PageCursor cursors = PageCursor.of("memberships", tenant(op).value(), patient.value());
    Page<Document> page =
        cursors.page(
            MembershipRepository.of(op)
                .page(patient, cursors.parsed(request, MembershipId::new), request.limit() + 1),
            request,
            d -> d.getString(MembershipRepository.ID));
    // Fail closed: the member ids are opened only once this event is durable.
    op.record(AuditOutcome.SUCCESS, null, patient.value(), page.items().size());
    return page.map(d -> MembershipRepository.read(d, tenant(op), protection));
  }

  /**
   * Requires {@code organisation} to exist ({@code PHR-404-02}) and be active, itself and above.
   */
  private static void requireActive(
      Operation op, OrganisationRepository organisations, OrganisationId organisation) {
    Optional<OrganisationStatus> status = organisations.tree().effectiveStatus(organisation);
    if (status.isEmpty()) {
      op.record(AuditOutcome.NOT_FOUND, organisation.value(), null, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_NOT_FOUND);
    }
    if (status.get() != OrganisationStatus.ACTIVE) {
      op.record(AuditOutcome.CONFLICT, organisation.value(), null, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_STATE);
    }
  }

  /** A member id: 1 to 64 letters, digits, dashes, dots or slashes (the value never echoed). */
  private static void requireMemberId(String memberId) {
    if (!memberId.matches("[A-Za-z0-9./-]{1," + MAX_MEMBER_ID + "}")) {
      throw InvalidInputException.invalid("/memberId", "must be 1 to 64 letters, digits or . / -");
    }
  }

  private static TenantId tenant(Operation op) {
    return op.caller().tenant().orElseThrow();
  }
}
