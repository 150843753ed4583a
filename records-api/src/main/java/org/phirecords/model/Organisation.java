package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An organisation of a tenant's tree (ADR 25): an insurer's client or employer group, a health
 * system's facility, practice or department. The tenant is the root: an organisation without a
 * parent sits directly below it. Holds no PHI.
 *
 * @param id chosen by the tenant admin, unique in the tenant
 * @param displayName what the admin pages show
 * @param kind what it is
 * @param parent the organisation it sits below, or empty below the tenant itself
 * @param status its own status (an ancestor's suspension or closing applies below it too)
 * @param version 1 when created, one more with each change
 * @param updatedAt when it last changed
 */
public record Organisation(
    OrganisationId id,
    String displayName,
    OrganisationKind kind,
    Optional<OrganisationId> parent,
    OrganisationStatus status,
    long version,
    Instant updatedAt) {
  /** Checks presence. */
  public Organisation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(status, "status");
  }
}
