package org.phirecords.service;

import java.util.Optional;
import org.phirecords.model.Organisation;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;

/**
 * The caller's tenant's tree of organisations (ADR 25); the tenant is the root. Tenant admins
 * manage it ({@code ORGANISATION_MANAGE}) and read it ({@code ORGANISATION_READ}). Every change is
 * announced in the audit trail before it happens and concluded after (ADR 20).
 */
public interface Organisations {
  /**
   * Creates organisation {@code id} below {@code parent} (empty: below the tenant). Repeating the
   * same create answers the organisation as it is; the same id with another name, kind or parent is
   * {@code PHR-409-02}. An unknown parent is {@code PHR-404-02}, a closed one {@code PHR-409-13}.
   */
  Organisation create(
      OrganisationId id,
      String displayName,
      OrganisationKind kind,
      Optional<OrganisationId> parent);

  /** Organisation {@code id}; unknown: {@code PHR-404-01}. */
  Organisation get(OrganisationId id);

  /** The tenant's organisations by id, paged (ADR 19). */
  Page<Organisation> list(PageRequest request);

  /** Renames {@code id}; a closed organisation is {@code PHR-409-13}. */
  Organisation rename(OrganisationId id, String displayName);

  /**
   * Moves {@code id} with everything below it under {@code parent} (empty: below the tenant). Below
   * itself or a descendant: {@code PHR-409-11}; a closed organisation or parent: {@code
   * PHR-409-13}.
   */
  Organisation move(OrganisationId id, Optional<OrganisationId> parent);

  /** Suspends {@code id}; repeating it changes nothing; a closed one is {@code PHR-409-13}. */
  Organisation suspend(OrganisationId id);

  /** Reactivates a suspended {@code id}; a closed one is {@code PHR-409-13}. */
  Organisation reactivate(OrganisationId id);

  /**
   * Closes {@code id}, finally; refused with {@code PHR-409-12} while it or an organisation below
   * it has a patient whose membership is in effect now or later.
   */
  Organisation close(OrganisationId id);
}
