package org.phirecords.service;

import org.phirecords.model.AlertSettings;

/** Settings a tenant admin manages for their own tenant. Needs {@code TENANT_SETTINGS}; audited. */
public interface TenantSettings {
  /** The tenant's alert settings (module defaults where the tenant set none). */
  AlertSettings alerts();

  /** Replaces the tenant's alert settings. */
  AlertSettings updateAlerts(AlertSettings settings);
}
