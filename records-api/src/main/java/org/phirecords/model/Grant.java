package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.phirecords.security.Role;

/**
 * A role granted at an organisation node (ADR 27): it holds there and at every organisation below
 * it, for one subject of the tenant's IdP or for everyone in one of its groups. A grant at the root
 * (no organisation) is tenant-wide, as a group mapping entry is.
 *
 * @param id opaque
 * @param principal who holds it
 * @param role the role granted
 * @param organisation where it holds; empty: the tenant root
 * @param status pending or active
 * @param requestedBy the subject of the tenant admin who created it
 * @param approvedBy the second admin who approved it, if it needed one
 * @param createdAt when it was requested
 */
public record Grant(
    GrantId id,
    GrantPrincipal principal,
    Role role,
    Optional<OrganisationId> organisation,
    GrantStatus status,
    String requestedBy,
    Optional<String> approvedBy,
    Instant createdAt) {
  /** Checks presence. */
  public Grant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(approvedBy, "approvedBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
