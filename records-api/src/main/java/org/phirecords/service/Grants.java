package org.phirecords.service;

import java.util.Optional;
import org.phirecords.model.Grant;
import org.phirecords.model.GrantId;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.security.Role;

/**
 * Roles granted at the caller's tenant's organisations (ADR 29): a grant holds at its organisation
 * and every one below it, or tenant-wide at the root. Tenant admins manage grants ({@code
 * GRANT_MANAGE}) and read them ({@code GRANT_READ}). A grant of a role that reads PHI waits for a
 * second tenant admin (as group mappings do, ADR 22). Every change is announced in the audit trail
 * before it happens and concluded after (ADR 20).
 */
public interface Grants {
  /**
   * Grants {@code role} to {@code principal} at {@code organisation} (empty: the tenant root).
   * Repeating a grant that is in force or pending answers it unchanged. A role that reads PHI is
   * {@code PENDING} until another admin approves it, any other is {@code ACTIVE} at once.
   *
   * <p>Refusals: a role that cannot be granted (platform-admin, patient, tenant-admin) {@code
   * PHR-400-12}; a role that reads PHI for the caller's own subject or one of the caller's groups
   * {@code PHR-403-08}; an unknown organisation {@code PHR-404-02}, a closed one {@code
   * PHR-409-13}; a tenant holding the most grants allowed (10,000) {@code PHR-409-15}.
   */
  Grant create(GrantPrincipal principal, Role role, Optional<OrganisationId> organisation);

  /**
   * Approves pending grant {@code id}: it is in force from now. The requester's own approval is
   * {@code PHR-403-07}; approving a grant for oneself or one's own group {@code PHR-403-08}; a
   * grant in force already, or one whose approval window lapsed, {@code PHR-409-14}; unknown {@code
   * PHR-404-01}.
   */
  Grant approve(GrantId id);

  /**
   * Removes grant {@code id}: revokes one in force (other instances apply it within the bound of
   * their access cache), withdraws or rejects a pending one. Answers the grant as it stood; unknown
   * {@code PHR-404-01}.
   */
  Grant revoke(GrantId id);

  /** Grant {@code id}, in force or pending (a lapsed one is gone); unknown: {@code PHR-404-01}. */
  Grant get(GrantId id);

  /**
   * The tenant's grants in force or pending by id, paged (ADR 19), of {@code organisation} and of
   * {@code principal} when given.
   */
  Page<Grant> list(
      Optional<OrganisationId> organisation,
      Optional<GrantPrincipal> principal,
      PageRequest request);
}
