package org.phirecords.internal.organisation;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.model.Organisation;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationStatus;

/**
 * The tree rules that span documents, which no single conditional update can hold without
 * transactions (invariant 4): closing while members remain below, and a move racing another move
 * into a cycle. Each is checked before the write and again after it; a write found to break the
 * rule is undone (its intent concluded {@code CONFLICT}) and refused (ADR 25).
 */
final class TreeRules {
  /**
   * Closes {@code current} unless it or an organisation below it has a membership in effect at
   * {@code now} or later ({@code PHR-409-12}).
   */
  Organisation close(
      Operation op, OrganisationRepository organisations, Organisation current, Instant now) {
    MembershipRepository memberships = MembershipRepository.of(op);
    if (hasMembers(organisations, memberships, current.id(), now)) {
      throw MongoOrganisations.refused(op, ErrorCode.ORGANISATION_HAS_MEMBERS, current.id());
    }
    WriteIntent intent =
        OrganisationRepository.announce(
            op, AuditAction.UPDATE, current.id(), current.version() + 1);
    Optional<Organisation> closed =
        organisations.update(
            current.id(),
            current.version(),
            OrganisationRepository.status(OrganisationStatus.CLOSED),
            intent);
    if (closed.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    // A membership added while this closing was decided: put the status back.
    if (hasMembers(organisations, memberships, current.id(), now)) {
      organisations.update(
          current.id(),
          closed.get().version(),
          OrganisationRepository.status(current.status()),
          intent);
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_HAS_MEMBERS);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return closed.get();
  }

  private static boolean hasMembers(
      OrganisationRepository organisations,
      MembershipRepository memberships,
      OrganisationId id,
      Instant now) {
    Set<OrganisationId> below = organisations.tree().subtree(id);
    return memberships.anyCurrentOrFuture(below, now);
  }

  /**
   * Moves {@code current} below {@code parent} (empty: below the tenant). Should a concurrent move
   * have made its ancestry a cycle, it goes back where it was and is refused ({@code PHR-409-11}).
   */
  Organisation move(
      Operation op,
      OrganisationRepository organisations,
      Organisation current,
      Optional<OrganisationId> parent) {
    parent.ifPresent(
        p -> MongoOrganisations.requireOpen(op, organisations.tree(), p, current.id()));
    WriteIntent intent =
        OrganisationRepository.announce(
            op, AuditAction.UPDATE, current.id(), current.version() + 1);
    Optional<Organisation> moved =
        organisations.update(
            current.id(), current.version(), OrganisationRepository.parent(parent), intent);
    if (moved.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    if (organisations.tree().cycleAbove(current.id())) {
      organisations.update(
          current.id(),
          moved.get().version(),
          OrganisationRepository.parent(current.parent()),
          intent);
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.ORGANISATION_CYCLE);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return moved.get();
  }
}
