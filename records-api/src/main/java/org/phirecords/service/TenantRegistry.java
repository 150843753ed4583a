package org.phirecords.service;

import java.util.List;
import java.util.Optional;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;

/** Tenants known to the module. Managing them needs {@code TENANT_MANAGE}; never touches PHI. */
public interface TenantRegistry {
  /**
   * Onboards a tenant. Idempotent: repeating it with the same id returns the existing tenant. Needs
   * {@code TENANT_MANAGE}.
   */
  Tenant create(TenantId id, String displayName);

  /** The tenant, if known. Needs {@code TENANT_MANAGE}. */
  Optional<Tenant> find(TenantId id);

  /** All tenants, ordered by id. Needs {@code TENANT_MANAGE}. */
  List<Tenant> list();
}
