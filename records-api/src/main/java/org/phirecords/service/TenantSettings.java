package org.phirecords.service;

import org.phirecords.model.AlertSettings;
import org.phirecords.model.GroupMapping;

/** Settings a tenant admin manages for their own tenant. Needs {@code TENANT_SETTINGS}; audited. */
public interface TenantSettings {
  /** The tenant's alert settings (module defaults where the tenant set none). */
  AlertSettings alerts();

  /** Replaces the tenant's alert settings. */
  AlertSettings updateAlerts(AlertSettings settings);

  /** How the groups of the tenant's identity provider map to roles (none until set). */
  GroupMapping groupMapping();

  /** Replaces the group mapping; bounds are checked by {@link GroupMapping}. */
  GroupMapping updateGroupMapping(GroupMapping mapping);

  /** Years the tenant's audit trail is kept (module default until set). */
  int auditRetentionYears();

  /**
   * Sets the audit retention; at least 6 years (HIPAA 164.316(b)(2)), at most 100. Shortening it
   * removes nothing by itself: only the retention purge removes events, and only those beyond it.
   */
  int updateAuditRetentionYears(int years);
}
