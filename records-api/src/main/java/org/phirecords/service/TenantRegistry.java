package org.phirecords.service;

import java.util.Optional;
import org.phirecords.model.Onboarding;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;

/** Tenants known to the module. Managing them needs {@code TENANT_MANAGE}; never touches PHI. */
public interface TenantRegistry {
  /**
   * Onboards a tenant: registry entry, data key, and its identity provider if given. Idempotent:
   * repeating it with the same id returns the existing tenant unchanged, and completes what a crash
   * left undone. An issuer already used by another tenant is refused. Needs {@code TENANT_MANAGE}.
   */
  Tenant create(Onboarding onboarding);

  /** The tenant, if known. Needs {@code TENANT_MANAGE}. */
  Optional<Tenant> find(TenantId id);

  /** One page of the tenants, ordered by id. Needs {@code TENANT_MANAGE}. */
  Page<Tenant> list(PageRequest page);
}
